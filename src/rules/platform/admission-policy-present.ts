import type { Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord, list, record, str } from '../../core/values.js';
import { apiGroup, isKind, notSeen } from './support.js';

function isEnforce(action: unknown): boolean {
  return typeof action === 'string' && action.toLowerCase() === 'enforce';
}

/**
 * A Kyverno ClusterPolicy enforces when one of its validate or verifyImages
 * rules fails closed: the rule's own failureAction (Kyverno 1.13+), else the
 * policy's validationFailureAction, else Audit (the default).
 */
function kyvernoEnforces(policy: Resource): boolean | undefined {
  const spec = record(get(policy.value, ['spec']));
  const fallback = spec.validationFailureAction;
  let validates = false;
  for (const rule of list(spec.rules)) {
    if (!isRecord(rule)) continue;
    if (isRecord(rule.validate)) {
      validates = true;
      if (isEnforce(rule.validate.failureAction ?? fallback)) return true;
    }
    for (const v of list(rule.verifyImages)) {
      if (!isRecord(v)) continue;
      validates = true;
      if (isEnforce(v.failureAction ?? fallback)) return true;
    }
  }
  // A policy that only mutates or generates neither enforces nor audits.
  return validates ? false : undefined;
}

/** Gatekeeper constraints deny unless enforcementAction is dryrun or warn (or scoped without a deny). */
function gatekeeperEnforces(constraint: Resource): boolean {
  const action = get(constraint.value, ['spec', 'enforcementAction']);
  if (action === undefined || action === null || action === 'deny') return true;
  if (action === 'scoped') {
    return list(get(constraint.value, ['spec', 'scopedEnforcementActions'])).some((s) => get(s, ['action']) === 'deny');
  }
  return false;
}

function deniesWith(actions: unknown): boolean {
  return list(actions).includes('Deny');
}

/** A ValidatingAdmissionPolicy acts only through a binding; it enforces when a binding has validationActions: [Deny]. */
function boundWithDeny(model: Model, policy: Resource): boolean {
  return model
    .ofKind('ValidatingAdmissionPolicyBinding')
    .some((b) => b.input === 'k8s' && get(b.value, ['spec', 'policyName']) === policy.name && deniesWith(get(b.value, ['spec', 'validationActions'])));
}

const GUARDRAIL = /guardrail/i;

/** guardrail's own admission webhook (`guardrail serve`): named so, or calling a guardrail Service. */
function isGuardrailWebhook(configuration: Resource): boolean {
  if (GUARDRAIL.test(configuration.name)) return true;
  return list(get(configuration.value, ['webhooks'])).some(
    (w) => GUARDRAIL.test(str(get(w, ['name'])) ?? '') || GUARDRAIL.test(str(get(w, ['clientConfig', 'service', 'name'])) ?? ''),
  );
}

interface Survey {
  enforcing: boolean;
  /** Policy engines seen that do not enforce. */
  auditOnly: string[];
}

function survey(model: Model): Survey {
  const auditOnly: string[] = [];
  for (const resource of model.resources) {
    if (resource.input !== 'k8s') continue;
    let enforces: boolean | undefined;
    if (isKind(resource, 'ClusterPolicy', ['kyverno.io'])) enforces = kyvernoEnforces(resource);
    else if (isKind(resource, 'ValidatingPolicy', ['policies.kyverno.io'])) enforces = deniesWith(get(resource.value, ['spec', 'validationActions']));
    else if (apiGroup(resource) === 'constraints.gatekeeper.sh') enforces = gatekeeperEnforces(resource);
    else if (isKind(resource, 'ValidatingAdmissionPolicy', ['admissionregistration.k8s.io'])) enforces = boundWithDeny(model, resource);
    else if (isKind(resource, 'ValidatingWebhookConfiguration', ['admissionregistration.k8s.io']) && isGuardrailWebhook(resource)) enforces = true;
    if (enforces === true) return { enforcing: true, auditOnly };
    if (enforces === false) auditOnly.push(`${resource.kind} ${resource.name}`);
  }
  return { enforcing: false, auditOnly };
}

export const admissionPolicyPresent: Rule = {
  id: 'admission-policy-present',
  practice: 'CLU-ADMISSION-POLICY',
  severity: 'info',
  title: 'A policy engine enforces the practices at admission',
  rationale:
    'A scan in CI only covers what goes through CI: `kubectl apply` from a laptop, a Helm upgrade or a compromised controller bypass it. An admission policy engine in enforce mode applies the same rules to every object the API server accepts; in audit mode it only writes reports.',
  remediation:
    'Enforce the practices at admission: Kyverno `ClusterPolicy` rules with `failureAction: Enforce`, Gatekeeper constraints with `enforcementAction: deny`, a `ValidatingAdmissionPolicy` with a `ValidatingAdmissionPolicyBinding` whose `validationActions` include `Deny`, or guardrail\'s own webhook (`guardrail serve`) registered by a `ValidatingWebhookConfiguration` with `failurePolicy: Fail`.',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    const { enforcing, auditOnly } = survey(model);
    if (enforcing) return;
    const seen = auditOnly.length > 0 ? `; found ${auditOnly.slice(0, 3).join(', ')}, none of which denies` : '';
    yield* notSeen(
      model,
      `no enforcing admission policy seen in the scanned files (looked for a Kyverno ClusterPolicy in Enforce mode, a Gatekeeper constraint with enforcementAction deny, a ValidatingAdmissionPolicy bound with validationActions Deny, or guardrail's ValidatingWebhookConfiguration${seen})`,
    );
  },
};
