// IRSA facts shared by the rules that join ServiceAccounts to IAM roles: the
// role a ServiceAccount names, the roles IaC defines, and whom a trust policy
// admits.
import { policiesOf } from '../../core/policies.js';
import type { StatementView } from '../../core/iam/policy.js';
import type { KeyPath, Model, Resource } from '../../core/types.js';
import { get, stringMap, str } from '../../core/values.js';
import { resolveTemplate } from '../../inputs/terraform/file.js';
import type { TerraformResource } from '../../inputs/terraform/resources.js';
import { resolveRef, templateOf } from '../../inputs/cfn/resources.js';

export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
const SERVICE_ACCOUNT_SUBJECT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/** The role name at the end of an IAM role ARN (paths dropped). */
export function roleNameOfArn(arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:iam::[0-9*]*:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match?.[1];
}

export function serviceAccountRole(sa: Resource): string | undefined {
  const arn = stringMap(get(sa.value, ['metadata', 'annotations']))[ROLE_ARN_ANNOTATION];
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
  /** Path of the `…:sub` condition key. */
  path: KeyPath;
  operator: string;
  /** Subjects as written; wildcards and references stay as they are. */
  subjects: string[];
}

/** The `…:sub` conditions of a role's web-identity trust statements. */
export function trustedSubjects(role: Resource): TrustedSubjects[] {
  const result: TrustedSubjects[] = [];
  for (const view of policiesOf(role)) {
    if (view.role !== 'trust') continue;
    for (const statement of view.policy.statements) {
      if (statement.effect !== 'Allow') continue;
      if (!(statement.actions ?? []).some((a) => /^sts:AssumeRoleWithWebIdentity$/i.test(a) || a === '*' || /^sts:\*$/i.test(a))) continue;
      for (const condition of statement.conditions) {
        if (!condition.key.toLowerCase().endsWith(':sub')) continue;
        result.push({ statement, path: condition.path, operator: condition.base, subjects: condition.values });
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
    roles.set(name, [...(roles.get(name) ?? []), role]);
  }
  return roles;
}
