// IR-CONTAIN: a NetworkPolicy that cuts a workload off at once. Pods are
// quarantined by labelling them guardrail.dev/quarantine=true: the generated
// allow policies skip such pods, and this policy selects them for both
// directions with no rule, so nothing reaches them and they reach nothing
// (not even DNS: a compromised pod must not resolve or exfiltrate through it).
import { stringify } from 'yaml';
import { QUARANTINE_LABEL } from './common.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_NAME = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export interface QuarantineTarget {
  namespace: string;
  workload: string;
  /** The workload's pod labels; default app.kubernetes.io/name=<workload> (what generated Deployments carry). */
  selector: Record<string, string>;
}

/** Parses NAMESPACE/WORKLOAD and an optional key=value[,key=value] selector; throws with a usable message. */
export function quarantineTarget(reference: string, selector?: string): QuarantineTarget {
  const parts = reference.split('/');
  if (parts.length !== 2 || !DNS_LABEL.test(parts[0]) || !DNS_LABEL.test(parts[1])) {
    throw new Error(`expected NAMESPACE/WORKLOAD with DNS-1123 names, e.g. core-routing/core-routing; got "${reference.slice(0, 200)}"`);
  }
  const [namespace, workload] = parts;
  const labels: Record<string, string> = {};
  if (selector === undefined) labels['app.kubernetes.io/name'] = workload;
  else {
    for (const pair of selector.split(',')) {
      const eq = pair.indexOf('=');
      const key = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (eq < 0 || !LABEL_NAME.test(key) || !LABEL_VALUE.test(value)) throw new Error(`invalid selector "${pair.slice(0, 200)}": expected key=value label pairs`);
      if (key === QUARANTINE_LABEL) throw new Error(`the selector must not name ${QUARANTINE_LABEL}; it is added`);
      labels[key] = value;
    }
  }
  return { namespace, workload, selector: labels };
}

export function quarantinePolicy(target: QuarantineTarget): unknown {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: `quarantine-${target.workload}`.slice(0, 63).replace(/-$/, ''),
      namespace: target.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'guardrail', 'guardrail.dev/incident-response': 'quarantine' },
    },
    spec: {
      podSelector: { matchLabels: { ...target.selector, [QUARANTINE_LABEL]: 'true' } },
      // Both directions and no rules: everything in and out is denied.
      policyTypes: ['Ingress', 'Egress'],
    },
  };
}

function selectorArgument(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The policy as YAML, with the commands to apply and lift it. */
export function quarantineManifest(target: QuarantineTarget): string {
  const ns = target.namespace;
  const select = selectorArgument(target.selector);
  const header = [
    `# Quarantine of ${ns}/${target.workload} (incident response): isolates its pods in both directions.`,
    '# 1. Apply this policy:   kubectl apply -f <this file>',
    `# 2. Mark the pods:       kubectl -n ${ns} label pods -l ${select} ${QUARANTINE_LABEL}=true`,
    '#    From then on no traffic reaches them or leaves them; the pods keep running for forensics.',
    `#    guardrail's allow policies skip quarantined pods; other allow policies that select these pods`,
    '#    still add their flows (NetworkPolicies only add): check `kubectl -n ' + ns + ' get networkpolicy`.',
    `# Lift: kubectl -n ${ns} label pods -l ${select} ${QUARANTINE_LABEL}-`,
    `#       kubectl -n ${ns} delete networkpolicy ${(quarantinePolicy(target) as { metadata: { name: string } }).metadata.name}`,
    '# (Usually the pods are deleted instead, once evidence is taken, and the Deployment makes clean ones.)',
  ];
  return `${header.join('\n')}\n${stringify(quarantinePolicy(target), { lineWidth: 0 })}`;
}
