// Trust policy statements that admit web identities (sts:AssumeRoleWithWebIdentity)
// from an OIDC provider, and which provider: the EKS cluster's (IRSA), GitHub
// Actions or GitLab CI. Identified by the Federated principal, else by the
// condition keys (`<provider>:sub`) or their values.
import { expandActions, type IamIndex } from '../../core/iam/actions.js';
import type { StatementView } from '../../core/iam/policy.js';
import { allowStatements, isReference, type PolicyView } from '../../core/policies.js';
import { grantsEveryAction } from './policy-support.js';

export type OidcProvider = 'eks' | 'github' | 'gitlab';

export interface WebIdentityStatement {
  view: PolicyView;
  statement: StatementView;
  provider: OidcProvider;
  /** The provider as a message names it: the host, or the reference. */
  label: string;
}

const EKS_HOST = /oidc\.eks\.[a-z0-9-]{1,30}\.amazonaws\.com(?:\.cn)?\/id\/[A-Za-z0-9]{1,64}/i;
const GITHUB_HOST = /token\.actions\.githubusercontent\.com/i;
const GITLAB_HOST = /gitlab[a-z0-9.-]{0,100}/i;

function grantsWebIdentity(index: IamIndex, statement: StatementView): boolean {
  return (statement.actions ?? []).some(
    (p) => grantsEveryAction(p) || (!isReference(p) && expandActions(index, p).some((a) => a === 'sts:AssumeRoleWithWebIdentity')),
  );
}

/** A provider named by a literal host, or by a reference whose name says which (`aws_iam_openid_connect_provider.github`). */
function fromText(text: string): { provider: OidcProvider; label: string } | undefined {
  const eks = EKS_HOST.exec(text);
  if (eks) return { provider: 'eks', label: eks[0] };
  if (GITHUB_HOST.test(text)) return { provider: 'github', label: 'token.actions.githubusercontent.com' };
  if (/github/i.test(text) && isReference(text)) return { provider: 'github', label: text };
  const gitlab = GITLAB_HOST.exec(text);
  if (gitlab) return { provider: 'gitlab', label: isReference(text) ? text : gitlab[0] };
  return undefined;
}

/** The OIDC provider a web-identity statement trusts, if it is one of the three. */
function providerOf(statement: StatementView): { provider: OidcProvider; label: string } | undefined {
  const federated = statement.principal !== undefined && statement.principal !== '*' ? statement.principal.Federated : [];
  for (const value of federated) {
    const known = fromText(value);
    if (known) return known;
  }
  // The principal is a reference (or absent): the condition keys name the provider's host.
  for (const c of statement.conditions) {
    const known = fromText(c.key.replace(/:(sub|aud|amr)$/i, ''));
    if (known) return { provider: known.provider, label: federated[0] ?? known.label };
  }
  // Or the claims' shape does.
  const values = statement.conditions.filter((c) => /:sub$/i.test(c.key)).flatMap((c) => c.values);
  if (values.some((v) => v.startsWith('system:serviceaccount:'))) return { provider: 'eks', label: federated[0] ?? 'the OIDC provider' };
  if (values.some((v) => v.startsWith('repo:'))) return { provider: 'github', label: federated[0] ?? 'the OIDC provider' };
  if (values.some((v) => v.startsWith('project_path:'))) return { provider: 'gitlab', label: federated[0] ?? 'the OIDC provider' };
  // A reference to an OIDC provider resource whose kind its name does not say: the platform's one is the cluster's.
  const oidcRef = federated.find(
    (f) => isReference(f) && /aws_iam_openid_connect_provider|oidc_provider|oidcprovider/i.test(f) && !/cognito/i.test(f),
  );
  if (oidcRef) return { provider: 'eks', label: oidcRef };
  return undefined;
}

/** Allow statements of trust policies that admit web identities from a known OIDC provider. */
export function webIdentityStatements(index: IamIndex, views: readonly PolicyView[]): WebIdentityStatement[] {
  const result: WebIdentityStatement[] = [];
  for (const view of views) {
    if (view.role !== 'trust') continue;
    for (const statement of allowStatements(view)) {
      if (!grantsWebIdentity(index, statement)) continue;
      const known = providerOf(statement);
      if (known) result.push({ view, statement, provider: known.provider, label: unwrap(known.label) });
    }
  }
  return result;
}

/** `${aws_iam_openid_connect_provider.eks.arn}` as `aws_iam_openid_connect_provider.eks.arn` for messages. */
function unwrap(label: string): string {
  const m = /^\$\{([^}]{1,200})\}$/.exec(label);
  return m ? m[1] : label;
}
