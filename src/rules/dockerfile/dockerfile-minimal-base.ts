import { imageRepositoryName, parseImageReference } from '../../core/images.js';
import type { Report, Rule } from '../../core/types.js';
import { dockerfileModelOf, finalStage } from '../../inputs/dockerfile/resources.js';
import { baseImageOf, isScratch, shownImage, stageLabel } from './support.js';

/** General-purpose distributions: a shell, a package manager and hundreds of packages. */
const FULL_OS = new Set([
  'ubuntu', 'debian', 'centos', 'fedora', 'amazonlinux', 'rockylinux', 'almalinux', 'oraclelinux', 'archlinux',
  'leap', 'tumbleweed', 'ubi', 'ubi8', 'ubi9', 'ubi10', 'buildpack-deps', 'kalilinux', 'clearlinux', 'photon',
]);

/** Language and server images whose default variants are built on a full distribution. */
const FULL_RUNTIME = new Set([
  'node', 'python', 'golang', 'openjdk', 'eclipse-temurin', 'amazoncorretto', 'sapmachine', 'ibm-semeru-runtimes',
  'ibmjava', 'maven', 'gradle', 'tomcat', 'jetty', 'ruby', 'php', 'rust', 'perl', 'elixir', 'erlang', 'haskell',
  'swift', 'julia', 'r-base', 'nginx', 'httpd', 'pypy', 'bun', 'deno',
]);

/** .NET images on mcr.microsoft.com, named by path (their last component is too generic to match alone). */
const DOTNET = /^dotnet\/(?:sdk|aspnet|runtime|runtime-deps)$/;

/** Tag words of slim variants: `-slim`, `-alpine`, `-minimal`, `ubi-micro`, `-chiseled`, `distroless`. */
const MINIMAL_TAG = /(?:slim|alpine|minimal|micro|chiseled|distroless)/;

/** Repositories that are minimal whatever the tag. */
const MINIMAL_REPOSITORY = new Set(['alpine', 'busybox', 'ubi-micro', 'ubi-minimal', 'ubi8-micro', 'ubi9-micro', 'ubi8-minimal', 'ubi9-minimal', 'static']);

/** What kind of full image `image` is, or undefined when it is minimal or not recognised. */
export function fullImageKind(image: string): 'distribution' | 'runtime' | undefined {
  const ref = parseImageReference(image);
  const repository = ref?.repository ?? imageRepositoryName(image);
  if (repository === undefined) return undefined;
  const path = ref?.path ?? repository;
  const tag = (ref?.tag ?? '').toLowerCase();
  if (ref?.domain === 'cgr.dev' || path.includes('distroless') || MINIMAL_REPOSITORY.has(repository)) return undefined;
  if (MINIMAL_TAG.test(tag)) return undefined;
  if (FULL_OS.has(repository)) return 'distribution';
  if (FULL_RUNTIME.has(repository) || DOTNET.test(path)) return 'runtime';
  return undefined;
}

export const dockerfileMinimalBase: Rule = {
  id: 'dockerfile-minimal-base',
  practice: 'SUP-MINIMAL-IMAGE',
  severity: 'low',
  title: 'The final image builds on a minimal base',
  rationale:
    'A full distribution or language image ships a shell, a package manager, compilers and hundreds of packages the service never runs: each one is a CVE to patch and a tool for an attacker who gets code execution (curl, apt, sh). A distroless or Chainguard base holds only the runtime, so scanners report less, and a compromised process has little to work with.',
  remediation:
    'Build in a full image and ship from a minimal one: `FROM golang:1.22-bookworm@sha256:… AS builder` … `FROM gcr.io/distroless/static-debian12:nonroot@sha256:…` for Go, `gcr.io/distroless/java21-debian12:nonroot` for Java, `gcr.io/distroless/python3-debian12:nonroot` for Python, or Chainguard images; where a shell is really needed, use a `-slim` or `alpine` variant.',
  inputs: ['dockerfile'],
  *check(resource): Iterable<Report> {
    const model = dockerfileModelOf(resource);
    if (!model) return;
    const final = finalStage(model);
    if (final === undefined) return;
    const base = baseImageOf(model, final);
    // An unresolvable base is unknown: no finding rests on a guess.
    if (!base || base.resolved === null || base.resolved === '' || isScratch(base.resolved)) return;
    const kind = fullImageKind(base.resolved);
    if (!kind) return;
    const what = kind === 'distribution' ? 'a full OS distribution image' : 'a language image built on a full OS distribution';
    const inherited = base.stage === final ? '' : ` (through ${stageLabel(model, base.stage)})`;
    // The digest says nothing about the kind of image: name it by repository and tag.
    const at = base.resolved.indexOf('@');
    const name = at > 0 ? base.resolved.slice(0, at) : base.resolved;
    yield {
      path: ['stages', base.stage],
      message: `${stageLabel(model, final)} builds on "${shownImage(name)}"${inherited}, ${what}: ship from a distroless or Chainguard base, or at least a -slim or alpine variant`,
    };
  },
};
