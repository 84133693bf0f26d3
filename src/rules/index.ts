// The rule registry: every rule, grouped by domain.
import { META_RULES } from '../core/meta-rules.js';
import type { Rule } from '../core/types.js';
import { PRACTICES } from '../catalog/practices.js';
import { clusterRules } from './cluster/index.js';
import { dockerfileRules } from './dockerfile/index.js';
import { detectionRules } from './detection/index.js';
import { encryptionRules } from './encryption/index.js';
import { iamRules } from './iam/index.js';
import { networkRules } from './network/index.js';
import { observabilityRules } from './observability/index.js';
import { platformRules } from './platform/index.js';
import { podRules } from './pod/index.js';
import { rbacRules } from './rbac/index.js';
import { secretsRules } from './secrets/index.js';
import { supplyChainRules } from './supply-chain/index.js';
import { awsRules } from './aws/index.js';

export const DOMAINS: Record<string, readonly Rule[]> = {
  pod: podRules,
  rbac: rbacRules,
  network: networkRules,
  secrets: secretsRules,
  iam: iamRules,
  'supply-chain': supplyChainRules,
  observability: observabilityRules,
  cluster: clusterRules,
  platform: platformRules,
  dockerfile: dockerfileRules,
  encryption: encryptionRules,
  detection: detectionRules,
  aws: awsRules,
  governance: META_RULES,
};

export const ALL_RULES: readonly Rule[] = Object.values(DOMAINS).flat();

let ids: Set<string> | undefined;

/** Every id a suppression may name: rule ids and practice ids. */
export function knownIds(): ReadonlySet<string> {
  ids ??= new Set([...ALL_RULES.map((r) => r.id), ...PRACTICES.map((p) => p.id)]);
  return ids;
}

const domainById = new Map(Object.entries(DOMAINS).flatMap(([domain, rules]) => rules.map((r) => [r.id, domain] as const)));

export function domainOf(ruleId: string): string {
  return domainById.get(ruleId) ?? 'other';
}
