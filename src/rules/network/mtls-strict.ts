import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord, record, str, stringMap } from '../../core/values.js';

/** Istio's default root namespace, where a selector-less policy is the mesh-wide one. */
const ROOT_NAMESPACE = 'istio-system';
const WEAK_MODES = new Set(['PERMISSIVE', 'DISABLE']);

export const mtlsStrict: Rule = {
  id: 'mtls-strict',
  practice: 'NET-MTLS',
  severity: 'high',
  title: 'Istio requires mutual TLS (STRICT) between services',
  rationale:
    'In PERMISSIVE mode (Istio\'s default) a sidecar also accepts plaintext, so any pod, meshed or not, can call the service without a workload identity, and that plaintext traffic can be read or altered on the network; DISABLE turns mTLS off altogether. STRICT makes the mesh identity a requirement for every connection.',
  remediation:
    'Set `spec.mtls.mode: STRICT` in a selector-less PeerAuthentication in `istio-system` (mesh-wide) and do not weaken it per namespace, workload or port (`PERMISSIVE`/`DISABLE` in `mtls.mode` or `portLevelMtls`).',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    if (!isPeerAuthentication(resource)) return;
    const spec = specOf(resource);
    const mode = modeOf(spec.mtls);
    const what = `PeerAuthentication "${resource.name}"`;
    if (mode && WEAK_MODES.has(mode)) {
      yield { path: ['spec', 'mtls', 'mode'], message: `${what} sets mtls.mode ${mode}, which accepts plaintext: set STRICT` };
    } else if (isRootPolicy(resource, spec) && (mode === undefined || mode === 'UNSET')) {
      yield {
        path: modePath(spec),
        severity: 'medium',
        message: `${what} is the mesh-wide policy but leaves mtls.mode unset, so the mesh defaults to PERMISSIVE: set STRICT`,
      };
    }
    for (const [port, setting] of Object.entries(record(spec.portLevelMtls))) {
      const portMode = modeOf(setting);
      if (portMode && WEAK_MODES.has(portMode)) {
        yield {
          path: ['spec', 'portLevelMtls', port, 'mode'],
          message: `${what} sets mode ${portMode} for port ${port}, which accepts plaintext on that port: set STRICT or remove the override`,
        };
      }
    }
  },
  *checkModel(model: Model): Iterable<Report> {
    // Only where the scan manages mesh policies: without any, mTLS is configured elsewhere or not at all.
    const policies = model.ofKind('PeerAuthentication').filter(isPeerAuthentication);
    if (policies.length === 0) return;
    // Weak or unset namespace-wide and mesh-wide policies are reported where they are; this reports
    // the injected namespaces that no policy of the scan covers at all.
    const root = policies.filter((p) => p.namespace === ROOT_NAMESPACE && isNamespaceWide(specOf(p)));
    if (root.length > 0) return;
    for (const ns of model.ofKind('Namespace')) {
      const label = meshLabel(stringMap(get(ns.value, ['metadata', 'labels'])));
      if (!label || ns.name === ROOT_NAMESPACE) continue;
      const wide = policies.filter((p) => p.namespace === ns.name && isNamespaceWide(specOf(p)));
      const modes = wide.map((p) => modeOf(specOf(p).mtls) ?? 'UNSET');
      if (modes.some((m) => m !== 'UNSET')) continue;
      yield {
        resource: ns,
        path: ['metadata', 'labels', label],
        severity: 'medium',
        message: `namespace "${ns.name}" is in the Istio mesh but no namespace-wide or mesh-wide PeerAuthentication sets its mTLS mode, so it is PERMISSIVE (Istio's default): add one with mtls.mode STRICT in the namespace or mesh-wide in ${ROOT_NAMESPACE}`,
      };
    }
  },
};

function isPeerAuthentication(resource: Resource): boolean {
  return resource.input === 'k8s' && resource.kind === 'PeerAuthentication' && (resource.apiVersion ?? '').startsWith('security.istio.io/');
}

function modeOf(mtls: unknown): string | undefined {
  return str(get(mtls, ['mode']))?.toUpperCase();
}

function modePath(spec: Record<string, unknown>): KeyPath {
  return isRecord(spec.mtls) ? ['spec', 'mtls', 'mode'] : ['spec'];
}

/** Namespace- or mesh-level: Istio treats a missing selector and one without matchLabels alike. */
function isNamespaceWide(spec: Record<string, unknown>): boolean {
  return Object.keys(record(get(spec.selector, ['matchLabels']))).length === 0;
}

function isRootPolicy(resource: Resource, spec: Record<string, unknown>): boolean {
  return resource.namespace === ROOT_NAMESPACE && isNamespaceWide(spec);
}

function specOf(policy: Resource): Record<string, unknown> {
  return record(get(policy.value, ['spec']));
}

/** The label that puts a namespace in an Istio mesh (sidecar injection or ambient), if any. */
function meshLabel(labels: Record<string, string>): string | undefined {
  if (labels['istio-injection'] === 'disabled') return undefined;
  if (labels['istio-injection'] === 'enabled') return 'istio-injection';
  if ((labels['istio.io/rev'] ?? '') !== '') return 'istio.io/rev';
  if (labels['istio.io/dataplane-mode'] === 'ambient') return 'istio.io/dataplane-mode';
  return undefined;
}
