import { readsConfigurationOnly, supportsResourceLevel } from '../../core/iam/actions.js';
import { allowStatements } from '../../core/policies.js';
import type { KeyPath, Report, Rule } from '../../core/types.js';
import { coversWholeService, describeStatement, grantedActions, isKeyPolicy, isScoped, serviceOf, shortList, viewsOf, isWildcardPattern } from './policy-support.js';

/** Conditions that narrow KMS use besides policy.ts's scoping keys (kms:ViaService, kms:EncryptionContext:*, resource tags). */
const KMS_SCOPING_KEYS = ['kms:resourcealiases', 'kms:requestalias', 'kms:encryptioncontextkeys', 'kms:grantisforawsresource'];

export const iamKmsScoped: Rule = {
  id: 'iam-kms-scoped',
  practice: 'IAM-KMS-SCOPED',
  severity: 'high',
  title: 'KMS access is scoped to key ARNs',
  rationale:
    'kms:* includes kms:ScheduleKeyDeletion, kms:PutKeyPolicy and kms:CreateGrant: a workload holding it can destroy or hand away the keys that protect the platform\'s data. KMS actions on `Resource: "*"` reach every key whose key policy delegates to IAM (the default), so one compromised pod decrypts every service\'s data. Actions are expanded with the AWS service-authorization data; those without resource-level permissions (kms:ListKeys, kms:CreateKey, kms:GenerateRandom) need `*` and are not reported, nor are reads of key metadata (kms:DescribeKey, kms:GetKeyRotationStatus), which use no key. In a key policy `Resource: "*"` means that key and is not reported here (see kms-key-policy-tight).',
  remediation:
    'Name the actions (e.g. `kms:Decrypt`, `kms:GenerateDataKey`) and the key ARNs in `Resource` (`arn:aws:kms:eu-west-1:111122223333:key/<key-id>`), or keep `*` only with a condition such as `kms:ViaService: s3.eu-west-1.amazonaws.com` or `kms:EncryptionContext:<key>`.',
  inputs: ['iam', 'terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    const found = viewsOf(resource, model);
    if (!found) return;
    const { index } = found;
    for (const view of found.views) {
      if (view.role !== 'identity' || isKeyPolicy(view)) continue;
      for (const statement of allowStatements(view)) {
        const where = describeStatement(view, statement);
        const actions = statement.actions ?? [];
        const whole = new Set<number>();
        for (let i = 0; i < actions.length; i++) {
          if (!coversWholeService(index, actions[i], 'kms')) continue;
          whole.add(i);
          yield {
            path: statement.valuePaths.Action[i],
            message: `${where} grants every KMS action ("${actions[i]}"), including key deletion and key policy changes: name the actions it needs, such as kms:Decrypt and kms:GenerateDataKey`,
          };
        }
        if (isScoped(statement, KMS_SCOPING_KEYS)) continue;
        const keyActions = grantedActions(index, statement)
          .filter((g) => !whole.has(g.at) && serviceOf(g.action) === 'kms' && supportsResourceLevel(index, g.action) && !readsConfigurationOnly(index, g.action))
          .map((g) => g.action);
        if (keyActions.length === 0) continue;
        const granted = shortList(keyActions);
        if (statement.notResources !== undefined) {
          yield {
            path: statement.paths.NotResource as KeyPath,
            message: `${where} allows ${granted} on every key except those in NotResource: name the key ARNs in Resource`,
          };
          continue;
        }
        const resources = statement.resources ?? [];
        for (let i = 0; i < resources.length; i++) {
          const r = resources[i];
          if (!isWildcardPattern(r) || !coversKeys(r)) continue;
          yield {
            path: statement.valuePaths.Resource[i],
            message: `${where} allows ${granted} on every key ("${r}") without a kms:ViaService or encryption-context condition: name the key ARNs`,
          };
        }
      }
    }
  },
};

/** A wildcard resource that can hold KMS keys: `*`, or a KMS ARN (not another service's `arn:aws:s3:::*`). */
function coversKeys(resource: string): boolean {
  if (!resource.startsWith('arn:')) return true;
  const service = resource.split(':')[2] ?? '';
  return service === 'kms' || service.includes('*') || service === '';
}
