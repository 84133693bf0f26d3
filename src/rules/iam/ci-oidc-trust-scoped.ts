import type { ConditionView } from '../../core/iam/policy.js';
import { isReference } from '../../core/policies.js';
import type { Report, Rule, Severity } from '../../core/types.js';
import { admittingClaimConditions, conditionPlace, describeStatement, hasGlob, isLikeOperator, viewsOf } from './policy-support.js';
import { webIdentityStatements, type OidcProvider } from './oidc-trust.js';

const ONLY_STARS = /^\*+$/;
/** A qualifier that admits any branch, tag, environment or event of the repository. */
const ANY_REF = /^(?:ref:refs\/heads\/|ref:|environment:|ref_type:branch:ref:|ref_type:[*]+:ref:)?\*+$/;

interface Breadth {
  severity: Severity;
  what: string;
}

/**
 * How far a `sub` pattern reaches. GitHub: `repo:OWNER/REPO:QUALIFIER`
 * (QUALIFIER `ref:refs/heads/main`, `environment:production`, `pull_request`);
 * GitLab: `project_path:GROUP/…/PROJECT:ref_type:branch:ref:main`. Only
 * wildcard patterns under StringLike reach further than one value; other
 * shapes (customized sub claims) are not judged.
 */
function breadthOf(provider: OidcProvider, value: string): Breadth | undefined {
  if (isReference(value) || !hasGlob(value)) return undefined;
  if (ONLY_STARS.test(value)) return { severity: 'critical', what: `every ${provider === 'github' ? 'repository' : 'project'} of every owner` };
  const prefix = provider === 'github' ? 'repo:' : 'project_path:';
  if (!value.startsWith(prefix)) return undefined;
  const rest = value.slice(prefix.length);
  const colon = rest.indexOf(':');
  const path = colon < 0 ? rest : rest.slice(0, colon);
  const qualifier = colon < 0 ? undefined : rest.slice(colon + 1);
  const segments = path.split('/');
  const repository = provider === 'github' ? 'repository' : 'project';
  if (hasGlob(segments[0]) || segments.length < 2) return { severity: 'critical', what: `${repository === 'project' ? 'projects' : 'repositories'} of any owner ("${value}")` };
  if (segments.slice(1).some(hasGlob)) return { severity: 'high', what: `any ${repository} of ${segments[0]} matching "${value}"` };
  if (qualifier === undefined || ANY_REF.test(qualifier)) {
    return { severity: 'low', what: `every branch, environment and workflow of ${path} ("${value}")` };
  }
  return undefined;
}

const PROVIDER_NAMES: Record<OidcProvider, string> = { eks: 'EKS', github: 'GitHub Actions', gitlab: 'GitLab CI' };

function subExample(provider: OidcProvider): string {
  return provider === 'github' ? 'repo:ORG/REPO:ref:refs/heads/main' : 'project_path:GROUP/PROJECT:ref_type:branch:ref:main';
}

export const ciOidcTrustScoped: Rule = {
  id: 'ci-oidc-trust-scoped',
  practice: 'IAM-CI-OIDC',
  severity: 'critical',
  title: 'CI/CD OIDC trust policies are scoped to a repository and branch',
  rationale:
    'GitHub and GitLab sign OIDC tokens for every pipeline of every customer. A trust policy on token.actions.githubusercontent.com (or gitlab.com) without a `sub` condition lets any repository on the platform assume the role; `repo:org/*` admits every repository of the organization, including forks\' and new repositories\' workflows; `repo:org/repo:*` admits every branch, so an unreviewed branch can deploy to production. Without an `aud` condition the role accepts tokens minted for other services.',
  remediation:
    'Add `StringEquals` (or `StringLike` without wildcards in owner and repository) on `token.actions.githubusercontent.com:sub` = `repo:ORG/REPO:ref:refs/heads/main` or `repo:ORG/REPO:environment:production`, and `token.actions.githubusercontent.com:aud` = `sts.amazonaws.com`; for GitLab, `gitlab.com:sub` = `project_path:GROUP/PROJECT:ref_type:branch:ref:main` and `gitlab.com:aud` = the audience set in the pipeline\'s `id_tokens`.',
  inputs: ['iam', 'terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    const found = viewsOf(resource, model);
    if (!found) return;
    for (const { view, statement, provider, label } of webIdentityStatements(found.index, found.views)) {
      if (provider === 'eks') continue;
      const where = describeStatement(view, statement);
      const name = PROVIDER_NAMES[provider];
      const subs = admittingClaimConditions(statement, 'sub');
      if (subs.length === 0) {
        yield {
          path: conditionPlace(view, statement),
          message: `${where} trusts ${name} (${label}) without a condition on the sub claim, so any ${provider === 'github' ? 'GitHub repository' : 'GitLab project'} can assume the role: add a sub condition such as ${subExample(provider)}`,
        };
      } else {
        // Conditions are ANDed: the narrowest one decides what is admitted.
        const judged = subs.map((c) => ({ c, worst: worst(provider, c) }));
        if (judged.every((j) => j.worst !== undefined)) {
          const narrowest = judged.reduce((a, b) => (rank(b.worst) > rank(a.worst) ? b : a));
          const breadth = narrowest.worst as Breadth;
          yield {
            path: narrowest.c.path,
            severity: breadth.severity,
            message: `${where} lets ${breadth.what} assume the role through ${name}: scope the sub condition to ${breadth.severity === 'low' ? 'a branch or environment' : 'one repository and branch or environment'}, such as ${subExample(provider)}`,
          };
        }
      }
      const auds = admittingClaimConditions(statement, 'aud');
      if (auds.length === 0) {
        yield {
          path: conditionPlace(view, statement),
          severity: 'high',
          message: `${where} trusts ${name} without a condition on the aud claim: add StringEquals on :aud = ${provider === 'github' ? 'sts.amazonaws.com' : "the audience of the pipeline's id_tokens"}`,
        };
      } else if (auds.every((c) => isLikeOperator(c) && c.values.some((v) => ONLY_STARS.test(v)))) {
        yield {
          path: auds[0].path,
          severity: 'high',
          message: `${where} accepts any audience on the aud claim: use StringEquals on :aud = ${provider === 'github' ? 'sts.amazonaws.com' : "the audience of the pipeline's id_tokens"}`,
        };
      }
    }
  },
};

const ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Lower is broader; a condition that admits only exact values ranks above every breadth. */
function rank(b: Breadth | undefined): number {
  return b === undefined ? ORDER.length : ORDER.indexOf(b.severity);
}

/** The broadest value of a condition (values are ORed), or undefined when it is scoped. */
function worst(provider: OidcProvider, c: ConditionView): Breadth | undefined {
  if (!isLikeOperator(c)) return undefined;
  let result: Breadth | undefined;
  for (const v of c.values) {
    const b = breadthOf(provider, v);
    if (b && (result === undefined || rank(b) < rank(result))) result = b;
  }
  return result;
}
