import { podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { get, isRecord, list, str } from '../../core/values.js';

/**
 * Host paths whose mount is a node takeover (or a credential leak that leads
 * to one): the path itself, anything below it, and anything above it (which
 * contains it).
 */
const CRITICAL: ReadonlyArray<[path: string, what: string]> = [
  ['/var/run/docker.sock', 'the Docker socket, which controls every container on the node'],
  ['/run/docker.sock', 'the Docker socket, which controls every container on the node'],
  ['/var/run/docker', 'the Docker runtime directory, which controls every container on the node'],
  ['/run/docker', 'the Docker runtime directory, which controls every container on the node'],
  ['/run/containerd', 'the containerd socket, which controls every container on the node'],
  ['/var/run/containerd', 'the containerd socket, which controls every container on the node'],
  ['/run/crio', 'the CRI-O socket, which controls every container on the node'],
  ['/var/run/crio', 'the CRI-O socket, which controls every container on the node'],
  ['/run/cri-dockerd.sock', 'the cri-dockerd socket, which controls every container on the node'],
  ['/var/run/cri-dockerd.sock', 'the cri-dockerd socket, which controls every container on the node'],
  ['/var/lib/kubelet', 'kubelet state: its credentials and every pod\'s volumes and secrets'],
  ['/var/lib/docker', 'the filesystems of every container on the node'],
  ['/var/lib/containerd', 'the filesystems of every container on the node'],
  ['/var/lib/containers', 'the filesystems of every container on the node'],
  ['/var/lib/etcd', 'etcd data'],
  ['/etc', 'node configuration and credentials (kubelet, users, cron)'],
  ['/proc', 'kernel and host process interfaces'],
  ['/sys', 'kernel interfaces'],
  ['/dev', 'host devices such as raw disks'],
  ['/boot', 'the kernel and boot loader'],
  ['/root', 'the root user\'s home and keys'],
  ['/usr', 'host binaries and libraries'],
  ['/bin', 'host binaries'],
  ['/sbin', 'host binaries'],
  ['/lib', 'host libraries and kernel modules'],
  ['/lib64', 'host libraries'],
  ['/opt/cni', 'CNI plugin binaries, executed as root by the kubelet'],
  ['\\\\.\\pipe\\docker_engine', 'the Docker named pipe, which controls every container on the node'],
  ['\\\\.\\pipe\\containerd-containerd', 'the containerd named pipe, which controls every container on the node'],
  ['C:\\Windows', 'the Windows system directory'],
];

/**
 * A lexically normalised host path: forward slashes, no `.`/`..`/empty
 * segments, no trailing slash; Windows paths (drive letters, `\\.\pipe\…`)
 * lowercased, as NTFS and named pipes are case-insensitive.
 */
function normaliseHostPath(raw: string): string {
  const trimmed = raw.trim();
  const drive = /^[A-Za-z]:/.exec(trimmed)?.[0];
  const pipe = trimmed.startsWith('\\\\');
  const segments: string[] = [];
  for (const segment of trimmed.slice(drive ? 2 : 0).replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  if (drive) return `${drive}/${segments.join('/')}`.toLowerCase();
  if (pipe) return `//${segments.join('/')}`.toLowerCase();
  return `/${segments.join('/')}`;
}

const CRITICAL_NORMALISED = CRITICAL.map(([path, what]) => [normaliseHostPath(path), what] as const);

function within(path: string, base: string): boolean {
  return path === base || path.startsWith(base.endsWith('/') ? base : `${base}/`);
}

/** Why mounting this host path is critical, or undefined when it is "only" high. */
function criticalReason(path: string): string | undefined {
  if (path === '/') return 'the whole node filesystem';
  if (/^[a-z]:\/$/.test(path)) return 'the whole node drive';
  for (const [sensitive, what] of CRITICAL_NORMALISED) {
    if (within(path, sensitive)) return what;
    if (within(sensitive, path)) return `a directory containing ${sensitive} (${what})`;
  }
  return undefined;
}

export const noHostPath: Rule = {
  id: 'no-host-path',
  practice: 'POD-NO-HOST-PATH',
  severity: 'high',
  title: 'Pods do not mount host paths',
  rationale:
    'A hostPath volume hands the container a piece of the node: the container runtime socket or / is a full node takeover, /var/lib/kubelet exposes every other pod\'s secrets, and even a harmless-looking directory can be a symlink route out of the container or fill the node\'s disk. Pod Security admission (baseline and restricted) forbids hostPath.',
  remediation:
    'Replace `hostPath` with an `emptyDir`, a `persistentVolumeClaim`, a `configMap`/`secret`/`projected` volume, or a CSI driver. Node agents that genuinely need host access belong in a dedicated namespace with a documented exception, with `readOnly: true` mounts of the narrowest path.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    for (const [index, volume] of list(pod.spec.volumes).entries()) {
      const hostPath = get(volume, ['hostPath']);
      if (hostPath === undefined || hostPath === null) continue;
      const name = str(get(volume, ['name'])) ?? `#${index}`;
      const volumePath = [...pod.specPath, 'volumes', index, 'hostPath'];
      const raw = str(get(hostPath, ['path']));
      if (raw === undefined || raw.trim() === '') {
        yield { path: volumePath, message: `volume "${name}" mounts a host path; use a non-host volume instead` };
        continue;
      }
      const path = isRecord(hostPath) ? [...volumePath, 'path'] : volumePath;
      const shown = raw.length > 80 ? `${raw.slice(0, 80)}…` : raw;
      const reason = raw.length <= 4096 ? criticalReason(normaliseHostPath(raw)) : undefined;
      yield reason !== undefined
        ? { path, severity: 'critical', message: `volume "${name}" mounts host path "${shown}", ${reason}` }
        : { path, message: `volume "${name}" mounts host path "${shown}"; use a non-host volume instead` };
    }
  },
};
