import { parseImageReference } from '../../core/images.js';
import type { Report, Rule } from '../../core/types.js';
import { dockerfileModelOf, effectiveSetting, finalStage } from '../../inputs/dockerfile/resources.js';
import { baseImageOf, isScratch, shownImage, stageLabel, substituteVariables, variablesAt } from './support.js';

/** Chainguard images that run as root by default (base images meant to be built on). */
const CHAINGUARD_ROOT_IMAGES = new Set(['wolfi-base', 'chainguard-base', 'busybox', 'git', 'apko', 'melange']);

/**
 * Base images known to set a non-root USER themselves: any tag saying
 * `nonroot` (distroless `:nonroot`, `:debug-nonroot`) and the Chainguard
 * runtime images (not their `-dev` variants or base images).
 */
export function defaultsToNonRoot(image: string): boolean {
  const ref = parseImageReference(image);
  if (!ref) return false;
  const tag = ref.tag?.toLowerCase() ?? '';
  if (tag.includes('nonroot')) return true;
  // Nano Server runs as ContainerUser unless told otherwise (Server Core as ContainerAdministrator).
  if (ref.domain === 'mcr.microsoft.com' && ref.path === 'windows/nanoserver') return true;
  if (ref.domain === 'cgr.dev' && ref.path.startsWith('chainguard/')) {
    return !CHAINGUARD_ROOT_IMAGES.has(ref.repository) && !tag.includes('dev');
  }
  return false;
}

/** The user part of `user[:group]` names root: `root`, `0`, `0:0`, `root:root`, Windows' ContainerAdministrator. */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0].trim().toLowerCase();
  return name === 'root' || /^0+$/.test(name) || isWindowsAdministrator(name);
}

function isWindowsAdministrator(user: string): boolean {
  return user.split(':')[0].trim().toLowerCase() === 'containeradministrator';
}

/** Windows images have named accounts, not UIDs. */
function isWindowsImage(image: string | null): boolean {
  const ref = image === null ? undefined : parseImageReference(image);
  return ref !== undefined && ref.domain === 'mcr.microsoft.com' && ref.path.startsWith('windows');
}

function advice(windows: boolean, verb: 'end it with' | 'add'): string {
  return windows ? `${verb} USER ContainerUser` : `${verb} a numeric non-root USER such as 65532`;
}

export const dockerfileNonRootUser: Rule = {
  id: 'dockerfile-non-root-user',
  practice: 'POD-NON-ROOT',
  severity: 'high',
  title: 'The image runs as a non-root USER',
  rationale:
    'Without a USER, a container runs as the base image\'s default user, which is root for nearly every image (and for scratch). A process running as UID 0 can rewrite the image\'s binaries, and is root on the node as soon as it escapes the container; Kubernetes `runAsNonRoot` can only refuse such an image, not fix it. Setting the USER in the image makes the safe default travel with it.',
  remediation:
    'End the final stage with a numeric non-root user, e.g. `USER 65532:65532` (distroless and Chainguard `nonroot`) or `USER 10001:10001` after creating it, and give files the ownership they need with `COPY --chown=65532:65532`. A distroless `:nonroot` base already runs as 65532.',
  inputs: ['dockerfile'],
  *check(resource): Iterable<Report> {
    const model = dockerfileModelOf(resource);
    if (!model) return;
    const final = finalStage(model);
    if (final === undefined) return;
    const label = stageLabel(model, final);
    const effective = effectiveSetting(model, final, 'user');
    const base = baseImageOf(model, final);
    const windows = isWindowsImage(base?.resolved ?? null);
    if (effective) {
      const user = effective.setting;
      const written = user.value.trim();
      if (written === '') return;
      // USER may name build args and ENV values; an unresolvable one is unknown, not wrong.
      const resolved = written.includes('$') ? substituteVariables(written, variablesAt(model, effective.stage, user.line)) : written;
      if (resolved === null || !isRootUser(resolved)) return;
      const shown = resolved === written ? `USER ${written}` : `USER ${written}, which is ${resolved} with the ARG/ENV defaults`;
      const where = effective.stage === final ? '' : `, set in ${stageLabel(model, effective.stage)}`;
      yield {
        path: ['stages', effective.stage, 'user'],
        message: `${label} runs as ${isWindowsAdministrator(resolved) ? 'an administrator' : 'root'} (${shown}${where}): ${advice(windows || isWindowsAdministrator(resolved), 'end it with')}`,
      };
      return;
    }
    if (!base) return;
    if (base.resolved === null) {
      yield {
        path: ['stages', final],
        severity: 'medium',
        message: `${label} sets no USER and its base image "${shownImage(base.written)}" cannot be resolved, so it runs as that image's default user, which for most images is root: ${advice(false, 'add')}`,
      };
      return;
    }
    if (!isScratch(base.resolved) && defaultsToNonRoot(base.resolved)) return;
    const what = isScratch(base.resolved) ? 'scratch, which has no user but UID 0' : `"${shownImage(base.resolved)}", which is ${windows ? 'ContainerAdministrator' : 'root'} unless that image sets another`;
    yield {
      path: ['stages', final],
      message: `${label} sets no USER, so the container runs as the default user of ${what}: ${advice(windows, 'add')}`,
    };
  },
};
