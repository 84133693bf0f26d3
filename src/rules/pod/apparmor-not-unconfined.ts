import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { KeyPath, Report, Rule } from '../../core/types.js';
import { get, stringMap, str } from '../../core/values.js';
import { describe } from './support.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function* checkProfile(context: unknown, contextPath: KeyPath, who: string): Iterable<Report> {
  if (str(get(context, ['appArmorProfile', 'type'])) === 'Unconfined') {
    yield {
      path: [...contextPath, 'appArmorProfile', 'type'],
      message: `${who} runs without AppArmor (appArmorProfile.type: Unconfined); expected RuntimeDefault or Localhost`,
    };
  }
}

export const apparmorNotUnconfined: Rule = {
  id: 'apparmor-not-unconfined',
  practice: 'POD-MAC-PROFILES',
  severity: 'high',
  title: 'AppArmor is not disabled (no Unconfined profile)',
  rationale:
    'On AppArmor nodes the runtime\'s default profile denies writes to /proc and /sys, mounts and raw kernel interfaces that container escapes rely on; Unconfined removes that layer for the container. Pod Security admission (baseline) rejects it.',
  remediation:
    'Remove `appArmorProfile.type: Unconfined` from the pod and container `securityContext` (the default is RuntimeDefault), or use `Localhost` with a reviewed profile; remove `container.apparmor.security.beta.kubernetes.io/<container>: unconfined` annotations and use the field instead of the deprecated annotation.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    yield* checkProfile(pod.spec.securityContext, [...pod.specPath, 'securityContext'], 'pod');
    for (const c of containersOf(pod)) {
      yield* checkProfile(c.container.securityContext, [...c.path, 'securityContext'], describe(c));
    }
    for (const [key, value] of Object.entries(stringMap(pod.metadata.annotations))) {
      if (!key.startsWith(ANNOTATION_PREFIX) || value.trim() !== 'unconfined') continue;
      const name = key.slice(ANNOTATION_PREFIX.length);
      yield {
        path: [...pod.metadataPath, 'annotations', key],
        message: `container "${name.length > 60 ? `${name.slice(0, 60)}…` : name}" runs without AppArmor (AppArmor annotation set to unconfined); expected runtime/default or localhost/<profile>`,
      };
    }
  },
};
