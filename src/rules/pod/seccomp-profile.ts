import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { ContainerView, PodSpecView } from '../../core/kinds.js';
import type { KeyPath, Report, Rule } from '../../core/types.js';
import { get, isRecord, pathString, record, str, stringMap } from '../../core/values.js';
import { describe, isWindowsPod, nearestPath } from './support.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

type ProfileType = 'RuntimeDefault' | 'Localhost' | 'Unconfined' | 'unknown';

interface Profile {
  type: ProfileType;
  /** What is written, for messages (never more than a short excerpt). */
  written: string;
  path: KeyPath;
  fromPod: boolean;
  legacy: boolean;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function fromField(context: unknown, contextPath: KeyPath, fromPod: boolean): Profile | undefined {
  const profile = get(context, ['seccompProfile']);
  if (profile === undefined || profile === null) return undefined;
  const type = str(get(profile, ['type']));
  const path = isRecord(profile) && profile.type !== undefined ? [...contextPath, 'seccompProfile', 'type'] : [...contextPath, 'seccompProfile'];
  const known = type === 'RuntimeDefault' || type === 'Localhost' || type === 'Unconfined' ? type : 'unknown';
  return { type: known, written: short(type ?? 'no type'), path, fromPod, legacy: false };
}

function fromAnnotation(pod: PodSpecView, annotations: Record<string, string>, key: string, fromPod: boolean): Profile | undefined {
  const value = annotations[key];
  if (value === undefined) return undefined;
  const type: ProfileType =
    value === 'runtime/default' || value === 'docker/default'
      ? 'RuntimeDefault'
      : value.startsWith('localhost/')
        ? 'Localhost'
        : value === 'unconfined'
          ? 'Unconfined'
          : 'unknown';
  return { type, written: short(value), path: [...pod.metadataPath, 'annotations', key], fromPod, legacy: true };
}

export const seccompProfile: Rule = {
  id: 'seccomp-profile',
  practice: 'POD-SECCOMP',
  severity: 'medium',
  title: 'Containers run with a seccomp profile (RuntimeDefault or Localhost)',
  rationale:
    'Without a seccomp profile a container runs Unconfined and can call every system call, including the rarely used ones behind most kernel container escapes (unshare, keyctl, bpf, io_uring, userfaultfd). The runtime\'s default profile blocks them at no cost to ordinary services; Pod Security admission (restricted) requires RuntimeDefault or Localhost.',
  remediation:
    'Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod (it covers every container), or `Localhost` with `localhostProfile` for a custom profile; never `Unconfined`. Replace the deprecated `seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/<name>` annotations with the field.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    // seccomp is Linux-only: the API server rejects it on Windows pods.
    if (!pod || isWindowsPod(pod)) return;
    const annotations = stringMap(pod.metadata.annotations);

    // An unconfined annotation is a finding wherever it is written.
    for (const [key, value] of Object.entries(annotations)) {
      if ((key === POD_ANNOTATION || key.startsWith(CONTAINER_ANNOTATION_PREFIX)) && value === 'unconfined') {
        const who = key === POD_ANNOTATION ? 'pod' : `container "${short(key.slice(CONTAINER_ANNOTATION_PREFIX.length))}"`;
        yield { path: [...pod.metadataPath, 'annotations', key], severity: 'high', message: `${who} disables seccomp with the annotation ${key}: unconfined` };
      }
    }

    const podContextPath = [...pod.specPath, 'securityContext'];
    const podProfile = fromField(pod.spec.securityContext, podContextPath, true) ?? fromAnnotation(pod, annotations, POD_ANNOTATION, true);
    const containers = containersOf(pod);
    const missing: ContainerView[] = [];
    const reported = new Set<string>();
    const once = (path: KeyPath): boolean => {
      const key = pathString(path);
      if (reported.has(key)) return false;
      reported.add(key);
      return true;
    };

    for (const c of containers) {
      const profile =
        fromField(record(c.container.securityContext), [...c.path, 'securityContext'], false) ??
        fromAnnotation(pod, annotations, `${CONTAINER_ANNOTATION_PREFIX}${c.name}`, false) ??
        podProfile;
      if (!profile) {
        missing.push(c);
        continue;
      }
      if (!once(profile.path)) continue;
      const who = profile.fromPod ? 'pod' : describe(c);
      if (profile.type === 'Unconfined') {
        // Unconfined annotations were reported above.
        if (!profile.legacy) yield { path: profile.path, severity: 'high', message: `${who} disables seccomp (seccompProfile.type: Unconfined); expected RuntimeDefault or Localhost` };
      } else if (profile.type === 'unknown') {
        yield { path: profile.path, message: `${who} sets an unknown seccomp profile "${profile.written}"; expected RuntimeDefault or Localhost` };
      } else if (profile.legacy) {
        yield {
          path: profile.path,
          severity: 'low',
          message: `${who} sets its seccomp profile only through the deprecated annotation ${short(String(profile.path[profile.path.length - 1]))}; set securityContext.seccompProfile.type instead`,
        };
      }
    }

    if (missing.length === 0) return;
    if (missing.length === containers.length) {
      yield {
        path: nearestPath(resource.value, podContextPath),
        message: 'pod sets no seccomp profile, so its containers run Unconfined by default; set securityContext.seccompProfile.type: RuntimeDefault',
      };
      return;
    }
    for (const c of missing) {
      yield {
        path: nearestPath(resource.value, [...c.path, 'securityContext']),
        message: `${describe(c)} has no seccomp profile (neither it nor the pod sets one), so it runs Unconfined by default; set securityContext.seccompProfile.type: RuntimeDefault`,
      };
    }
  },
};
