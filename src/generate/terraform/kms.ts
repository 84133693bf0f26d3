// kms.tf: the platform's one customer-managed key, rotating, whose policy
// names what each AWS service may do with it instead of the default kms:*
// to the account.
import { platformKeyAlias } from '../names.js';
import { accountRoot, arn, documentJson, PLATFORM_KEY, policyDocument, regionalService, type Context } from './context.js';
import { ref, top, type Block } from './hcl.js';
import { trailArn } from './cloudtrail.js';

/** Key administration, delegated to IAM in the account (so that the key can never be locked out). */
const ADMINISTRATION = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*',
  'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:RotateKeyOnDemand',
];
/** Use of the key by the account's IAM principals that their own policies allow (IRSA roles, the cluster role, the deployer). */
const USE = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

export function kmsFile(ctx: Context): Block[] {
  const { cluster } = ctx;
  return [
    top('resource', ['aws_kms_key', 'platform'], {
      description: `Encrypts the ${cluster.name} platform: Kubernetes Secrets, logs, buckets, databases, caches, images`,
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      policy: documentJson('platform_key'),
    }),
    top('resource', ['aws_kms_alias', 'platform'], {
      name: platformKeyAlias(cluster),
      target_key_id: ref(`${PLATFORM_KEY}.key_id`),
    }),
    policyDocument('platform_key', [
      { sid: 'KeyAdministration', actions: ADMINISTRATION, resources: ['*'], principals: [{ type: 'AWS', identifiers: [accountRoot(ctx)] }] },
      { sid: 'KeyUseThroughIam', actions: USE, resources: ['*'], principals: [{ type: 'AWS', identifiers: [accountRoot(ctx)] }] },
      {
        sid: 'CloudWatchLogs',
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: [regionalService(ctx, 'logs')] }],
        conditions: [{ test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn', values: [arn(ctx, 'logs', 'log-group:*')] }],
      },
      {
        sid: 'CloudTrailEncryptLogs',
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        conditions: [
          { test: 'StringLike', variable: 'kms:EncryptionContext:aws:cloudtrail:arn', values: [arn(ctx, 'cloudtrail', 'trail/*', { region: '*' })] },
          { test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn(ctx)] },
        ],
      },
      {
        sid: 'CloudTrailDescribeKey',
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        conditions: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn(ctx)] }],
      },
      {
        // EventBridge publishes security findings to the encrypted SNS topic (the statement AWS documents for it;
        // the topic's own policy limits publishing to the findings rule).
        sid: 'EventBridgeToEncryptedTopic',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
      },
    ]),
  ];
}
