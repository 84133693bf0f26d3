// Container image references, parsed as the distribution/reference grammar
// (the one containerd and the kubelet use) defines them:
//
//   reference := name [ ":" tag ] [ "@" digest ]
//   name      := [ domain "/" ] path-component [ "/" path-component ]*
//   domain    := host [ ":" port ]            e.g. registry.example.com:5000
//   tag       := [\w][\w.-]{0,127}
//   digest    := algorithm ":" hex            e.g. sha256:<64 hex>
//
// The first component is a registry domain only when it contains "." or ":",
// is "localhost", or has upper-case letters; so `host:5000/img` is a registry
// with a port and no tag, while `img:5000` is the image `img` tagged "5000".

export interface ImageReference {
  /** Registry host[:port], when the reference names one (Docker Hub otherwise). */
  domain?: string;
  /** Repository path without the domain, e.g. `falcosecurity/falco`. */
  path: string;
  /** Last path component, e.g. `falco`. */
  repository: string;
  tag?: string;
  digest?: { algorithm: string; hex: string };
}

/** References longer than this are not valid (names are at most 255 characters). */
const MAX_REFERENCE = 512;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV6 = /^\[[0-9A-Fa-f:.]{2,45}\]$/;
const PORT = /^[0-9]{1,5}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^([A-Za-z][A-Za-z0-9]{0,31}(?:[+._-][A-Za-z][A-Za-z0-9]{0,31}){0,7}):([0-9a-fA-F]{32,256})$/;

function validDomain(domain: string): boolean {
  let host = domain;
  const colon = domain.lastIndexOf(':');
  if (colon > domain.lastIndexOf(']')) {
    if (!PORT.test(domain.slice(colon + 1))) return false;
    host = domain.slice(0, colon);
  }
  if (host.startsWith('[')) return IPV6.test(host);
  return host.length > 0 && host.split('.').every((label) => HOST_LABEL.test(label));
}

function looksLikeDomain(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}

/** Parses an image reference, or returns undefined when it is not a valid one. */
export function parseImageReference(text: string): ImageReference | undefined {
  if (text.length === 0 || text.length > MAX_REFERENCE) return undefined;
  let rest = text;
  let digest: ImageReference['digest'];
  const at = text.indexOf('@');
  if (at >= 0) {
    const match = DIGEST.exec(text.slice(at + 1));
    if (!match) return undefined;
    digest = { algorithm: match[1], hex: match[2] };
    rest = text.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) return undefined;
    rest = rest.slice(0, colon);
  }
  if (rest.length === 0 || rest.length > 255) return undefined;
  const components = rest.split('/');
  let domain: string | undefined;
  if (components.length > 1 && looksLikeDomain(components[0])) {
    domain = components.shift();
    if (domain === undefined || !validDomain(domain)) return undefined;
  }
  if (!components.every((c) => PATH_COMPONENT.test(c))) return undefined;
  return { domain, path: components.join('/'), repository: components[components.length - 1], tag, digest };
}

/** True for a digest that is `sha256:` followed by exactly 64 lower-case hex digits. */
export function isSha256Digest(digest: ImageReference['digest']): boolean {
  return digest !== undefined && digest.algorithm === 'sha256' && /^[0-9a-f]{64}$/.test(digest.hex);
}

/**
 * The repository name (last path component, lower case) of an image, also for
 * references that do not fully parse; used to recognise well-known images.
 */
export function imageRepositoryName(image: string): string | undefined {
  const parsed = parseImageReference(image);
  if (parsed) return parsed.repository;
  if (image.length === 0 || image.length > MAX_REFERENCE) return undefined;
  let rest = image;
  const at = rest.indexOf('@');
  if (at >= 0) rest = rest.slice(0, at);
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) rest = rest.slice(0, colon);
  const name = rest.slice(rest.lastIndexOf('/') + 1).toLowerCase();
  return name === '' ? undefined : name;
}


/** Why an image reference is not pinned by a sha256 digest. */
export type PinningProblem =
  | { kind: 'malformed-digest'; severity: 'medium' }
  | { kind: 'invalid'; severity: 'medium' }
  | { kind: 'other-algorithm'; severity: 'low'; algorithm: string }
  | { kind: 'no-tag'; severity: 'high' }
  | { kind: 'latest'; severity: 'high' }
  | { kind: 'tag'; severity: 'medium'; tag: string };

/** The one judgement of digest pinning that manifests and Dockerfiles share; undefined when pinned. */
export function pinningProblem(image: string): PinningProblem | undefined {
  const ref = parseImageReference(image);
  const at = image.indexOf('@');
  if (!ref && at > 0 && parseImageReference(image.slice(0, at))) return { kind: 'malformed-digest', severity: 'medium' };
  if (!ref) return { kind: 'invalid', severity: 'medium' };
  if (ref.digest) {
    if (isSha256Digest(ref.digest)) return undefined;
    if (ref.digest.algorithm === 'sha256') return { kind: 'malformed-digest', severity: 'medium' };
    return { kind: 'other-algorithm', severity: 'low', algorithm: ref.digest.algorithm };
  }
  if (ref.tag === undefined) return { kind: 'no-tag', severity: 'high' };
  if (ref.tag === 'latest') return { kind: 'latest', severity: 'high' };
  return { kind: 'tag', severity: 'medium', tag: ref.tag };
}
