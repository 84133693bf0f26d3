import { pinningProblem } from '../../core/images.js';
import type { KeyPath, Report, Rule } from '../../core/types.js';
import { dockerfileModelOf } from '../../inputs/dockerfile/resources.js';
import { isScratch, isStageName, shownImage, stageLabel } from './support.js';

/** Judges one pulled image reference; `subject` says where it is pulled (`stage "builder" builds FROM`). */
function* checkReference(image: string, path: KeyPath, subject: string, via: string): Iterable<Report> {
  const problem = pinningProblem(image);
  if (!problem) return;
  const shown = `"${shownImage(image)}"${via}`;
  let message: string;
  switch (problem.kind) {
    case 'malformed-digest':
      message = `${subject} ${shown} with a malformed digest: expected @sha256: and 64 lower-case hex digits`;
      break;
    case 'invalid':
      message = `${subject} ${shown}, which is not a valid image reference, so it cannot be shown to be pinned by @sha256 digest`;
      break;
    case 'other-algorithm':
      message = `${subject} ${shown}, pinned by a ${problem.algorithm} digest: registries and policies expect @sha256:`;
      break;
    case 'no-tag':
      message = `${subject} ${shown} with no tag or digest, so the build gets whatever :latest points to: pin it by @sha256 digest`;
      break;
    case 'latest':
      message = `${subject} ${shown} with the mutable :latest tag: pin it by @sha256 digest`;
      break;
    case 'tag':
      message = `${subject} ${shown} by the tag "${problem.tag}" without a digest, and tags can be moved: pin it by @sha256 digest`;
      break;
  }
  yield { path, severity: problem.severity, message };
}

export const dockerfileBaseImageDigest: Rule = {
  id: 'dockerfile-base-image-digest',
  practice: 'SUP-IMAGE-DIGEST',
  severity: 'high',
  title: 'Dockerfile base images are pinned by sha256 digest',
  rationale:
    'A FROM tag is a mutable pointer: whoever can push to the base image repository can move `golang:1.22` or `distroless/static:nonroot` to other bytes, and the next build silently ships them, with no change in Git. Builder stages matter as much as the final one: a tampered compiler image injects code into the binary. A digest names exactly one image, so builds are reproducible and reviewed.',
  remediation:
    'Write `FROM golang:1.22-bookworm@sha256:<64 hex> AS builder` and `FROM gcr.io/distroless/static-debian12:nonroot@sha256:<64 hex>` (the tag stays as documentation, the digest wins); when the image comes from an ARG, pin the digest in the ARG default. Let Renovate or Dependabot (docker digest pinning) keep the digests current.',
  inputs: ['dockerfile'],
  *check(resource): Iterable<Report> {
    const model = dockerfileModelOf(resource);
    if (!model) return;
    for (const [index, stage] of model.stages.entries()) {
      // FROM <earlier stage> pulls nothing; `scratch` is the empty image.
      if (stage.baseStage !== null) continue;
      const written = stage.image.trim();
      if (written === '' || isScratch(written)) continue;
      const path = ['stages', index];
      const subject = `${stageLabel(model, index)} builds FROM`;
      if (stage.resolvedImage === null) {
        yield {
          path,
          severity: 'medium',
          message: `${subject} "${shownImage(written)}", a build argument without a usable default, so the image cannot be checked: pin the digest in the ARG default`,
        };
        continue;
      }
      const resolved = stage.resolvedImage.trim();
      if (isScratch(resolved)) continue;
      const via = resolved === written ? '' : ` (the ARG default for "${shownImage(written)}")`;
      yield* checkReference(resolved, path, subject, via);
    }
    // COPY --from=<image> pulls that image too (stage names, indexes and named contexts do not).
    for (const [index, stage] of model.stages.entries()) {
      for (const [i, copy] of stage.copy.entries()) {
        const from = copy.from?.trim();
        if (!from || /^[0-9]+$/.test(from) || isStageName(model, from) || from.includes('$')) continue;
        if (!/[:/@]/.test(from)) continue;
        yield* checkReference(from, ['stages', index, 'copy', i], `${copy.instruction} --from in ${stageLabel(model, index)} pulls`, '');
      }
    }
  },
};
