import { podViews } from '../../core/kinds.js';
import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord, list, record, str } from '../../core/values.js';

function group(resource: Resource): string {
  const apiVersion = resource.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function isEnforce(action: unknown): boolean {
  return typeof action === 'string' && action.toLowerCase() === 'enforce';
}

/** A verifying policy found in the scan, and whether (and where) it falls short of enforcing. */
interface Verification {
  resource: Resource;
  /** Reports about signatures that are verified but not enforced. */
  gaps: Report[];
}

/**
 * Kyverno ClusterPolicy / Policy rules with `verifyImages`. The failure action
 * of each image verification is its own `failureAction` (Kyverno 1.13+), else
 * the policy's `validationFailureAction`, else Audit (Kyverno's default).
 */
function kyvernoVerifications(policy: Resource): Verification | undefined {
  const spec = record(get(policy.value, ['spec']));
  const gaps: Report[] = [];
  let found = false;
  list(spec.rules).forEach((rule, r) => {
    const subject = `rule "${str(get(rule, ['name'])) ?? `#${r}`}" of ${policy.kind} "${policy.name}"`;
    list(get(rule, ['verifyImages'])).forEach((verification, v) => {
      if (!isRecord(verification)) return;
      found = true;
      const at: KeyPath = ['spec', 'rules', r, 'verifyImages', v];
      let action: unknown;
      let actionPath: KeyPath;
      if (verification.failureAction !== undefined && verification.failureAction !== null) {
        action = verification.failureAction;
        actionPath = [...at, 'failureAction'];
      } else if (spec.validationFailureAction !== undefined && spec.validationFailureAction !== null) {
        action = spec.validationFailureAction;
        actionPath = ['spec', 'validationFailureAction'];
      } else {
        action = undefined;
        actionPath = at;
      }
      if (!isEnforce(action)) {
        const shownAction = typeof action === 'string' ? `${action.slice(0, 40)} mode` : "Audit mode (Kyverno's default when no failureAction is set)";
        gaps.push({
          resource: policy,
          path: actionPath,
          severity: 'medium',
          message: `${subject} verifies image signatures in ${shownAction}, so unsigned images are only reported, not blocked: set failureAction: Enforce`,
        });
      } else if (verification.required === false) {
        gaps.push({
          resource: policy,
          path: [...at, 'required'],
          severity: 'medium',
          message: `${subject} sets required: false, so images without a signature are admitted`,
        });
      } else if (actionPath[1] === 'validationFailureAction') {
        list(spec.validationFailureActionOverrides).forEach((override, o) => {
          if (isEnforce(get(override, ['action']))) return;
          const namespaces = list(get(override, ['namespaces'])).filter((n): n is string => typeof n === 'string');
          gaps.push({
            resource: policy,
            path: ['spec', 'validationFailureActionOverrides', o, 'action'],
            severity: 'medium',
            message: `${subject} only audits image signatures in ${namespaces.length > 0 ? `namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.slice(0, 5).join(', ')}` : 'the overridden namespaces'}, so unsigned images are admitted there`,
          });
        });
      }
    });
  });
  return found ? { resource: policy, gaps } : undefined;
}

/** Kyverno ImageValidatingPolicy (policies.kyverno.io, 1.14+): enforcing when validationActions holds Deny. */
function kyvernoImageValidatingPolicy(policy: Resource): Verification {
  const actions = get(policy.value, ['spec', 'validationActions']);
  if (list(actions).includes('Deny')) return { resource: policy, gaps: [] };
  return {
    resource: policy,
    gaps: [{
      resource: policy,
      path: actions === undefined ? ['spec'] : ['spec', 'validationActions'],
      severity: 'medium',
      message: `image policy "${policy.name}" (${policy.kind}) verifies signatures without Deny in validationActions, so unsigned images are admitted`,
    }],
  };
}

/** Sigstore policy-controller ClusterImagePolicy: `spec.mode` is enforce (default) or warn. */
function sigstoreVerification(policy: Resource): Verification {
  const mode = get(policy.value, ['spec', 'mode']);
  if (typeof mode === 'string' && mode.toLowerCase() === 'warn') {
    return {
      resource: policy,
      gaps: [{
        resource: policy,
        path: ['spec', 'mode'],
        severity: 'medium',
        message: `image policy "${policy.name}" (ClusterImagePolicy) is in warn mode, so images failing signature verification are admitted: set mode: enforce`,
      }],
    };
  }
  return { resource: policy, gaps: [] };
}

function verifications(model: Model): Verification[] {
  const result: Verification[] = [];
  for (const resource of model.resources) {
    if (resource.input !== 'k8s') continue;
    const g = group(resource);
    if ((resource.kind === 'ClusterPolicy' || resource.kind === 'Policy') && g === 'kyverno.io') {
      const found = kyvernoVerifications(resource);
      if (found) result.push(found);
    } else if ((resource.kind === 'ImageValidatingPolicy' || resource.kind === 'NamespacedImageValidatingPolicy') && g === 'policies.kyverno.io') {
      result.push(kyvernoImageValidatingPolicy(resource));
    } else if (resource.kind === 'ClusterImagePolicy' && g === 'policy.sigstore.dev') {
      result.push(sigstoreVerification(resource));
    }
  }
  return result;
}

export const imageSignatureVerification: Rule = {
  id: 'image-signature-verification',
  practice: 'SUP-IMAGE-SIGNING',
  severity: 'low',
  title: 'Image signatures are verified at admission',
  rationale:
    'Signing images in CI only helps if the cluster refuses images that are not signed by the pipeline: otherwise an attacker who can push to the registry, or who gets a manifest applied, runs an image the build never produced. A verification policy in audit or warn mode records the violation and admits the image anyway.',
  remediation:
    'Add a Kyverno `ClusterPolicy` rule with `verifyImages` (imageReferences for your registry, attestors with the cosign public key or keyless identity, `failureAction: Enforce`), or a Sigstore policy-controller `ClusterImagePolicy` with `mode: enforce`, and sign images in CI with cosign.',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    const found = verifications(model);
    for (const verification of found) yield* verification.gaps;
    if (found.length > 0) return;
    const first = podViews(model.resources)[0];
    if (!first) return;
    yield {
      resource: first.resource,
      severity: 'info',
      message:
        'no image signature verification policy in the scanned files (looked for a Kyverno ClusterPolicy/Policy rule with verifyImages, a Kyverno ImageValidatingPolicy or a Sigstore ClusterImagePolicy)',
    };
  },
};
