import { safeName } from '../../core/credentials.js';
import { at, coverageOf, describe, isBlank, setting, targetOf, textOf } from '../../core/iac.js';
import type { Model, Report, Resource, Rule } from '../../core/types.js';

interface Kinds {
  user: string;
  key: string;
  loginProfile?: string;
  /** Setting of the key and login profile that names the user. */
  userField: string;
  /** Settings of the user that a literal reference may match. */
  identifiers: string[];
}

const TERRAFORM: Kinds = { user: 'aws_iam_user', key: 'aws_iam_access_key', loginProfile: 'aws_iam_user_login_profile', userField: 'user', identifiers: ['name'] };
const CFN: Kinds = { user: 'AWS::IAM::User', key: 'AWS::IAM::AccessKey', userField: 'UserName', identifiers: ['UserName'] };

/** The user an access key belongs to, as it may appear in a message (an address, logical id or user name). */
function userLabel(key: Resource, field: string): string | undefined {
  const target = targetOf(key, setting(key, field));
  if (target === undefined) return undefined;
  return 'resource' in target ? target.resource : safeName(target.literal);
}

function* checkKey(key: Resource, kinds: Kinds): Iterable<Report> {
  const statusField = key.input === 'cfn' ? 'Status' : 'status';
  const raw = setting(key, statusField);
  const status = isBlank(key, raw) ? 'Active' : textOf(key, raw);
  if (status === undefined) return;
  const user = userLabel(key, kinds.userField);
  const whose = user !== undefined ? ` for IAM user ${user}` : '';
  if (status === 'Inactive') {
    yield { path: at(key, statusField), severity: 'low', message: `${describe(key)} keeps an inactive long-lived access key${whose}: delete it rather than keep it for reactivation` };
    return;
  }
  yield {
    path: at(key),
    message: `${describe(key)} creates a long-lived access key${whose}: give the workload an IAM role instead (IRSA or EKS Pod Identity in the cluster, OIDC federation in CI)`,
  };
}

/** A user with an access key and no console password is a service account in disguise. */
function* checkUser(user: Resource, model: Model, kinds: Kinds): Iterable<Report> {
  const keys = coverageOf(model, user, kinds.key, [kinds.userField], kinds.identifiers);
  if (keys.covering.length === 0) return;
  if (user.input === 'cfn') {
    if (!isBlank(user, setting(user, 'LoginProfile'))) return;
  } else if (kinds.loginProfile !== undefined) {
    const profiles = coverageOf(model, user, kinds.loginProfile, [kinds.userField], kinds.identifiers);
    if (profiles.covering.length > 0 || profiles.unknown) return;
  }
  yield {
    path: at(user),
    message: `${describe(user)} is a service identity (an access key, no console login): replace the user with an IAM role the service assumes`,
  };
}

export const iacNoIamUserKeys: Rule = {
  id: 'iac-no-iam-user-keys',
  practice: 'IAM-ROLES-NOT-KEYS',
  severity: 'high',
  title: 'Infrastructure code creates no IAM user access keys',
  rationale:
    'An IAM user access key works from anywhere until someone deletes it: it ends up in CI variables, laptops and, through Terraform, in the state file in clear text, and leaked keys are abused within minutes. Roles give services short-lived credentials tied to where they run (IRSA for pods, OIDC federation for CI), so there is no long-lived secret to leak or rotate.',
  remediation:
    'Delete `aws_iam_access_key` / `AWS::IAM::AccessKey` and the service `aws_iam_user`; create an `aws_iam_role` whose trust policy allows the EKS OIDC provider for the service account `system:serviceaccount:<namespace>:<name>` (IRSA), an EKS Pod Identity association, or the CI provider\'s OIDC issuer scoped to the repository. Deactivate and delete any key already issued.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    const kinds = resource.input === 'terraform' ? TERRAFORM : resource.input === 'cfn' ? CFN : undefined;
    if (kinds === undefined) return;
    if (resource.kind === kinds.key) yield* checkKey(resource, kinds);
    else if (resource.kind === kinds.user) yield* checkUser(resource, model, kinds);
  },
};
