import type { StatementView } from '../../core/iam/policy.js';
import { allowStatements, isReference } from '../../core/policies.js';
import type { KeyPath, Report, Rule } from '../../core/types.js';
import {
  coversWholeService,
  describeStatement,
  grantsEveryAction,
  isKeyPolicy,
  positiveConditions,
  principalIsAnyone,
  principalValues,
  viewsOf,
} from './policy-support.js';

/** Conditions that limit who may call: an account, the organization, or a service acting for the account. */
const CALLER_KEYS = [
  'kms:calleraccount',
  'kms:viaservice',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
];
/** A service principal limited to one resource or through the encryption context. */
const SERVICE_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'kms:viaservice'];
const SERVICE_PREFIXES = ['kms:encryptioncontext:'];

/** An account root principal: `arn:<partition>:iam::<account>:root` (the partition may be a reference) or a bare account id. */
const ROOT_ARN = /^arn:(?:aws[a-z-]{0,20}|\$\{[^}]{1,100}\}):iam::(.{1,200}):root$/;
const ACCOUNT_ID = /^\d{12}$/;
/** References that are the deploying (so the key's own) account. */
const OWN_ACCOUNT = /AWS::AccountId|aws_caller_identity/;

function rootAccount(principal: string): string | undefined {
  if (ACCOUNT_ID.test(principal)) return principal;
  return ROOT_ARN.exec(principal)?.[1];
}

function grantsAllKms(index: Parameters<typeof coversWholeService>[0], statement: StatementView): { path: KeyPath; pattern: string } | undefined {
  const actions = statement.actions ?? [];
  for (let i = 0; i < actions.length; i++) {
    if (grantsEveryAction(actions[i]) || coversWholeService(index, actions[i], 'kms')) {
      return { path: statement.valuePaths.Action[i], pattern: actions[i] };
    }
  }
  return undefined;
}

export const kmsKeyPolicyTight: Rule = {
  id: 'kms-key-policy-tight',
  practice: 'KMS-KEY-POLICY-TIGHT',
  severity: 'high',
  title: 'KMS key policies do not grant kms:* to broad principals',
  rationale:
    'A key policy is the key\'s only gate: `Principal: "*"` without a kms:CallerAccount or aws:PrincipalOrgID condition lets any AWS account use (and with kms:* administer or delete) the key that protects the platform\'s secrets and data. kms:* to the account root is the AWS default "Enable IAM User Permissions" statement: it hands the decision to the account\'s IAM policies, so any principal with kms:* on `*` in the account can schedule the key\'s deletion; it is reported at low (info when the key\'s account cannot be told from the template). kms:* to another account\'s root gives that account full control of the key.',
  remediation:
    'Give `Principal: "*"` statements a `Condition` such as `StringEquals: {"kms:CallerAccount": "111122223333", "kms:ViaService": "s3.eu-west-1.amazonaws.com"}`; give key administrators the administrative actions (kms:Create*, kms:Describe*, kms:Enable*, kms:List*, kms:Put*, kms:Update*, kms:Revoke*, kms:Disable*, kms:Get*, kms:Delete*, kms:ScheduleKeyDeletion, kms:CancelKeyDeletion) and key users kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey, each to named role ARNs.',
  inputs: ['iam', 'terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    const found = viewsOf(resource, model);
    if (!found) return;
    const { index } = found;
    for (const view of found.views) {
      if (!isKeyPolicy(view)) continue;
      for (const statement of allowStatements(view)) {
        const where = describeStatement(view, statement);
        const all = grantsAllKms(index, statement);
        const granted = !all ? 'use of the key' : all.pattern.toLowerCase() === 'kms:*' ? 'kms:*' : `kms:* ("${all.pattern}")`;
        const callerLimited = positiveConditions(statement, CALLER_KEYS).length > 0;
        if (statement.notPrincipal !== undefined || principalIsAnyone(statement)) {
          const path = (statement.paths.NotPrincipal ?? statement.paths.Principal) as KeyPath;
          const who = statement.notPrincipal !== undefined ? 'every principal but those in NotPrincipal' : 'every AWS principal ("*")';
          if (!callerLimited) {
            yield {
              path,
              severity: 'critical',
              message: `${where} grants ${granted} to ${who} without a kms:CallerAccount or aws:PrincipalOrgID condition: name the principals or add such a condition`,
            };
          } else if (all) {
            yield {
              path,
              message: `${where} grants ${granted} to ${who} of the allowed accounts: give them only the actions they use, such as kms:Decrypt and kms:GenerateDataKey`,
            };
          }
          continue;
        }
        if (!all) continue;
        for (const { value, path } of principalValues(view, statement, 'AWS')) {
          const account = rootAccount(value);
          if (account === undefined) continue;
          if (OWN_ACCOUNT.test(account)) {
            yield {
              path,
              severity: 'low',
              message: `${where} grants ${granted} to the key's own account root, the AWS default "Enable IAM User Permissions" statement: IAM policies decide who uses the key, so name key administrators and users in the key policy where possible`,
            };
          } else {
            const named = isReference(account) ? `"${value}"` : `of account ${account}`;
            yield {
              path,
              severity: 'info',
              message: `${where} grants ${granted} to the account root ${named}, and the key's account cannot be told from here: if it is the key's own account this is the AWS default statement, if not that account controls the key and should get only the actions it uses`,
            };
          }
        }
        if (positiveConditions(statement, SERVICE_KEYS, SERVICE_PREFIXES).length > 0) continue;
        for (const { value, path } of principalValues(view, statement, 'Service')) {
          yield {
            path,
            severity: 'medium',
            message: `${where} grants ${granted} to the service ${value} without an aws:SourceArn, aws:SourceAccount or encryption-context condition: give it only the actions it uses and limit it to your resources`,
          };
        }
      }
    }
  },
};
