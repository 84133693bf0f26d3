// Which rules run at admission. A review holds one object (two on UPDATE), so
// only rules that judge an object by itself can run: `check` rules over
// Kubernetes input. Whole-model checks (`checkModel`: "the namespace has a
// default-deny NetworkPolicy") need objects the request does not carry, and
// stay with `guardrail scan`, as do the per-object rules listed below whose
// verdict turns on other objects.
import type { Rule } from '../core/types.js';

/** Per-object rules whose verdict depends on objects a review does not carry, with the reason. */
export const NEEDS_OTHER_OBJECTS: Readonly<Record<string, string>> = {
  'sa-token-automount':
    'whether a pod may mount its token depends on its ServiceAccount and the RoleBindings naming it; the mutating endpoint sets automountServiceAccountToken: false instead',
};

/** The rules `serve` runs, each stripped to its per-object check. */
export function admissionRules(rules: readonly Rule[]): Rule[] {
  return rules
    .filter((rule) => rule.check !== undefined && rule.inputs.includes('k8s') && !(rule.id in NEEDS_OTHER_OBJECTS))
    .map((rule) => (rule.checkModel ? { ...rule, checkModel: undefined } : rule));
}
