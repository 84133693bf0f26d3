import { isReference } from '../../core/policies.js';
import type { Report, Rule } from '../../core/types.js';
import { admittingClaimConditions, conditionPlace, describeStatement, hasGlob, isLikeOperator, viewsOf } from './policy-support.js';
import { webIdentityStatements } from './oidc-trust.js';

const SERVICE_ACCOUNT = /^system:serviceaccount:[^:]+:[^:]+$/;
const AUDIENCE = 'sts.amazonaws.com';

export const irsaTrustScoped: Rule = {
  id: 'irsa-trust-scoped',
  practice: 'IAM-IRSA-TRUST-SCOPED',
  severity: 'critical',
  title: 'IRSA trust policies admit one service account',
  rationale:
    'The EKS OIDC provider signs a token for every service account in the cluster. A trust policy without a condition on `<provider>:sub` lets any pod in any namespace assume the role, and `StringLike` with `*` lets every service account that matches, including ones created later by anyone who can create service accounts. Without `<provider>:aud` the role also accepts tokens minted for other audiences.',
  remediation:
    'In the trust policy use `StringEquals` with `"<provider>:sub": "system:serviceaccount:<namespace>:<service-account>"` (one service account, e.g. `system:serviceaccount:core-routing:core-routing`) and `"<provider>:aud": "sts.amazonaws.com"`; in Terraform the keys are `"${replace(aws_iam_openid_connect_provider.eks.url, "https://", "")}:sub"` and `…:aud`.',
  inputs: ['iam', 'terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    const found = viewsOf(resource, model);
    if (!found) return;
    for (const { view, statement, provider, label } of webIdentityStatements(found.index, found.views)) {
      if (provider !== 'eks') continue;
      const where = describeStatement(view, statement);
      const subs = admittingClaimConditions(statement, 'sub');
      if (subs.length === 0) {
        yield {
          path: conditionPlace(view, statement),
          message: `${where} lets every service account of the cluster assume the role (no condition on the sub claim of ${label}): add StringEquals on :sub = system:serviceaccount:NAMESPACE:NAME`,
        };
      } else {
        // Conditions are ANDed: one exact condition decides what is admitted.
        const exact = subs.filter((c) => !(isLikeOperator(c) && c.values.some(hasGlob)));
        if (exact.length > 0) {
          const narrowest = Math.min(...exact.map((c) => c.values.length));
          const best = exact.find((c) => c.values.length === narrowest);
          if (best && narrowest > 1 && best.values.every((v) => !isReference(v) && SERVICE_ACCOUNT.test(v))) {
            yield {
              path: best.path,
              severity: 'medium',
              message: `${where} lets ${narrowest} service accounts assume the role: give each service account its own role and admit only system:serviceaccount:NAMESPACE:NAME`,
            };
          }
        } else {
          for (const c of subs) {
            const wild = c.values.filter((v) => hasGlob(v) && !isReference(v));
            if (wild.length === 0) continue;
            yield {
              path: c.path,
              severity: 'high',
              message: `${where} admits every service account matching ${wild.map((v) => `"${v}"`).join(', ')} (${c.operator} on :sub): use StringEquals with one system:serviceaccount:NAMESPACE:NAME`,
            };
          }
        }
      }
      const auds = admittingClaimConditions(statement, 'aud');
      if (auds.length === 0) {
        yield {
          path: conditionPlace(view, statement),
          severity: 'high',
          message: `${where} has no condition on the aud claim of ${label}: add StringEquals on :aud = ${AUDIENCE}`,
        };
      } else if (auds.every((c) => isLikeOperator(c) && c.values.some((v) => hasGlob(v) && !isReference(v)))) {
        yield {
          path: auds[0].path,
          severity: 'high',
          message: `${where} accepts any audience matching a wildcard on :aud: use StringEquals on :aud = ${AUDIENCE}`,
        };
      }
    }
  },
};
