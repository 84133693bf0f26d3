// IRSA facts shared by the rules that join ServiceAccounts to IAM roles: the
// role a ServiceAccount names, the roles IaC defines, and whom a trust policy
// admits.
import { policiesOf, type PolicyView } from '../../core/policies.js';
import type { StatementView } from '../../core/iam/policy.js';
import type { KeyPath, Model, Resource } from '../../core/types.js';
import { irsaRoleOf } from './irsa-role-per-service-account.js';
import { get, str } from '../../core/values.js';
import { resolveTemplate } from '../../inputs/terraform/file.js';
import type { TerraformResource } from '../../inputs/terraform/resources.js';
import { resolveRef, templateOf } from '../../inputs/cfn/resources.js';

const SERVICE_ACCOUNT_SUBJECT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/** The role name at the end of an IAM role ARN (paths dropped). */
export function roleNameOfArn(arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:iam::[0-9*]*:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match?.[1];
}

/** The name of the IRSA role a ServiceAccount is annotated with. */
export function serviceAccountRole(sa: Resource): string | undefined {
  const arn = irsaRoleOf(sa);
  return arn ? roleNameOfArn(arn) : undefined;
}

/** The literal name of a Terraform or CloudFormation role, when the code says it. */
export function iacRoleName(role: Resource): string | undefined {
  if (role.input === 'terraform' && role.kind === 'aws_iam_role') {
    const name = str(get(role.value, ['name']));
    return name === undefined ? undefined : resolveTemplate(name, (role as TerraformResource).scope);
  }
  if (role.input === 'cfn' && role.kind === 'AWS::IAM::Role') {
    const name = get(role.value, ['Properties', 'RoleName']);
    const literal = typeof name === 'string' ? name : resolveRef(templateOf(role), name);
    return typeof literal === 'string' ? literal : undefined;
  }
  return undefined;
}

export interface TrustedSubjects {
  statement: StatementView;
  /** The resource holding the trust document (the role, or the data source it names). */
  resource: Resource;
  /** Path of the `…:sub` condition key. */
  path: KeyPath;
  operator: string;
  /** Subjects as written; wildcards and references stay as they are. */
  subjects: string[];
}

const DATA_DOCUMENT_JSON = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/;

/**
 * A role's trust policy documents: its own, or the policy-document data source
 * `assume_role_policy = data.aws_iam_policy_document.x.json` names (preferably
 * in the same directory). Undefined when the trust is a reference the scan cannot follow.
 */
export function trustPolicies(role: Resource, model: Model): PolicyView[] | undefined {
  const own = policiesOf(role).filter((v) => v.role === 'trust');
  if (own.length > 0) return own;
  const reference = role.input === 'terraform' ? str(get(role.value, ['assume_role_policy'])) : undefined;
  const match = reference ? DATA_DOCUMENT_JSON.exec(reference) : null;
  if (!match) return reference === undefined && role.input === 'cfn' ? [] : undefined;
  const name = `data.aws_iam_policy_document.${match[1]}`;
  const candidates = model.ofKind('data.aws_iam_policy_document').filter((d) => d.name === name);
  const dir = (file: string): string => file.slice(0, file.lastIndexOf('/') + 1);
  const source = candidates.find((d) => dir(d.file) === dir(role.file)) ?? candidates[0];
  return source ? policiesOf(source) : undefined;
}

/** The `…:sub` conditions of a role's web-identity trust statements (none when the trust is unknown). */
export function trustedSubjects(role: Resource, model: Model): TrustedSubjects[] {
  const result: TrustedSubjects[] = [];
  for (const view of trustPolicies(role, model) ?? []) {
    for (const statement of view.policy.statements) {
      if (statement.effect !== 'Allow') continue;
      if (!(statement.actions ?? []).some((a) => /^sts:AssumeRoleWithWebIdentity$/i.test(a) || a === '*' || /^sts:\*$/i.test(a))) continue;
      for (const condition of statement.conditions) {
        if (!condition.key.toLowerCase().endsWith(':sub')) continue;
        result.push({ resource: view.resource, statement, path: condition.path, operator: condition.base, subjects: condition.values });
      }
    }
  }
  return result;
}

export function parseSubject(subject: string): { namespace: string; name: string } | undefined {
  const match = SERVICE_ACCOUNT_SUBJECT.exec(subject);
  return match ? { namespace: match[1], name: match[2] } : undefined;
}

/** IaC roles by literal name. */
export function rolesByName(model: Model): Map<string, Resource[]> {
  const roles = new Map<string, Resource[]>();
  for (const role of [...model.ofKind('aws_iam_role'), ...model.ofKind('AWS::IAM::Role')]) {
    const name = iacRoleName(role);
    if (!name) continue;
    const named = roles.get(name);
    if (named) named.push(role);
    else roles.set(name, [role]);
  }
  return roles;
}
