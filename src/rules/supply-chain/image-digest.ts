import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { KeyPath, Report, Rule } from '../../core/types.js';
import { get, list, str } from '../../core/values.js';
import { pinningProblem } from '../../core/images.js';

/** Long references are cut in messages; they name images, never secrets. */
function shown(image: string): string {
  return image.length > 160 ? `${image.slice(0, 160)}…` : image;
}

function* checkImage(image: string, path: KeyPath, subject: string): Iterable<Report> {
  const problem = pinningProblem(image);
  if (!problem) return;
  const named = `${subject} image "${shown(image)}"`;
  let message: string;
  switch (problem.kind) {
    case 'malformed-digest':
      message = `${named} has a malformed digest: expected @sha256: and 64 lower-case hex digits`;
      break;
    case 'invalid':
      message = `${named} is not a valid image reference, so it cannot be shown to be pinned by @sha256 digest`;
      break;
    case 'other-algorithm':
      message = `${named} is pinned by a ${problem.algorithm} digest: registries and admission policies expect @sha256:`;
      break;
    case 'no-tag':
      message = `${named} has no tag or digest, so it runs whatever :latest points to at pull time: pin it by @sha256 digest`;
      break;
    case 'latest':
      message = `${named} uses the mutable :latest tag: pin it by @sha256 digest`;
      break;
    case 'tag':
      message = `${named} uses the tag "${problem.tag}" without a digest, and tags can be moved: pin it by @sha256 digest`;
      break;
  }
  yield { path, severity: problem.severity, message };
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
