import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { KeyPath, Report, Rule } from '../../core/types.js';
import { get, list, str } from '../../core/values.js';
import { isSha256Digest, parseImageReference } from '../../core/images.js';

/** Long references are cut in messages; they name images, never secrets. */
function shown(image: string): string {
  return image.length > 160 ? `${image.slice(0, 160)}…` : image;
}

function* checkImage(image: string, path: KeyPath, subject: string): Iterable<Report> {
  const ref = parseImageReference(image);
  const at = image.indexOf('@');
  if (!ref && at > 0 && parseImageReference(image.slice(0, at))) {
    yield { path, severity: 'medium', message: `${subject} image "${shown(image)}" has a malformed digest: expected @sha256: and 64 lower-case hex digits` };
    return;
  }
  if (!ref) {
    yield {
      path,
      severity: 'medium',
      message: `${subject} image "${shown(image)}" is not a valid image reference, so it cannot be shown to be pinned by @sha256 digest`,
    };
    return;
  }
  if (ref.digest) {
    if (isSha256Digest(ref.digest)) return;
    if (ref.digest.algorithm === 'sha256') {
      yield { path, severity: 'medium', message: `${subject} image "${shown(image)}" has a malformed digest: expected @sha256: and 64 lower-case hex digits` };
    } else {
      yield { path, severity: 'low', message: `${subject} image "${shown(image)}" is pinned by a ${ref.digest.algorithm} digest: registries and admission policies expect @sha256:` };
    }
    return;
  }
  if (ref.tag === undefined) {
    yield { path, severity: 'high', message: `${subject} image "${shown(image)}" has no tag or digest, so it runs whatever :latest points to at pull time: pin it by @sha256 digest` };
  } else if (ref.tag === 'latest') {
    yield { path, severity: 'high', message: `${subject} image "${shown(image)}" uses the mutable :latest tag: pin it by @sha256 digest` };
  } else {
    yield { path, severity: 'medium', message: `${subject} image "${shown(image)}" uses the tag "${ref.tag}" without a digest, and tags can be moved: pin it by @sha256 digest` };
  }
}

export const imageDigest: Rule = {
  id: 'image-digest',
  practice: 'SUP-IMAGE-DIGEST',
  severity: 'high',
  title: 'Images are pinned by sha256 digest',
  rationale:
    'A tag is a mutable pointer: whoever can push to the repository (or a compromised CI job) can move `:1.4.2` or `:latest` to another image, and every node that pulls next runs it, with no change in Git. Different nodes may also run different images under the same tag, and a rollback to the same manifest does not bring back the same bytes. A digest names exactly one image.',
  remediation:
    'Write `image: registry.example.com/core-routing@sha256:<64 hex>` (optionally `repo:1.4.2@sha256:…`, where the digest wins and the tag is documentation); let CI or Kustomize `images[].digest` fill in the digest it built and scanned. Use immutable tags in the registry as well.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      const image = str(c.container.image);
      // A missing image is left to the workload controller or config management (Deployments may default it).
      if (image === undefined || image.trim() === '') continue;
      yield* checkImage(image.trim(), [...c.path, 'image'], `${c.type} "${c.name}"`);
    }
    // Image volumes (Kubernetes 1.31+) pull OCI artifacts just like container images.
    const volumes = list(pod.spec.volumes);
    for (let index = 0; index < volumes.length; index++) {
      const reference = str(get(volumes[index], ['image', 'reference']));
      if (reference === undefined || reference.trim() === '') continue;
      const name = str(get(volumes[index], ['name'])) ?? `#${index}`;
      yield* checkImage(reference.trim(), [...pod.specPath, 'volumes', index, 'image', 'reference'], `image volume "${name}"`);
    }
  },
};
