// cloudtrail.tf: one multi-region trail with log file validation, encrypted
// with the platform key, into its own bucket, and into CloudWatch Logs so
// that alarms and queries can read it.
import {
  arn, bounded, documentJson, platformRoleName, logGroup, platformKeyArn, policyDocument, serviceTrust, type Context,
} from './context.js';
import { ref, template, top, type Block } from './hcl.js';
import { bucketResources } from './s3.js';

function trailName(ctx: Context): string {
  return `${ctx.cluster.name}-trail`;
}

export function trailArn(ctx: Context): string {
  return arn(ctx, 'cloudtrail', `trail/${trailName(ctx)}`);
}

/** Bucket names are global: the account id keeps this one unique. */
function trailBucketName(ctx: Context): string {
  return bounded(`${ctx.cluster.name}-cloudtrail-${ctx.account}`, 63);
}

export function cloudtrailFile(ctx: Context): Block[] {
  const bucketArn = ref('aws_s3_bucket.cloudtrail.arn');
  const source = [trailArn(ctx)];
  return [
    top('resource', ['aws_cloudtrail', 'main'], {
      name: trailName(ctx),
      s3_bucket_name: ref('aws_s3_bucket.cloudtrail.id'),
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: platformKeyArn,
      // CloudTrail wants the log group's ARN with its streams.
      cloud_watch_logs_group_arn: template(ref('aws_cloudwatch_log_group.cloudtrail.arn'), ':*'),
      cloud_watch_logs_role_arn: ref('aws_iam_role.cloudtrail.arn'),
      depends_on: [ref('aws_s3_bucket_policy.cloudtrail'), ref('aws_iam_role_policy.cloudtrail')],
    }),
    ...bucketResources('cloudtrail', trailBucketName(ctx), { statements: [
      {
        sid: 'CloudTrailAclCheck',
        actions: ['s3:GetBucketAcl'],
        resources: [bucketArn],
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        conditions: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: source }],
      },
      {
        sid: 'CloudTrailWrite',
        actions: ['s3:PutObject'],
        resources: [template(bucketArn, `/AWSLogs/${ctx.account}/*`)],
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        conditions: [
          { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] },
          { test: 'StringEquals', variable: 'aws:SourceArn', values: source },
        ],
      },
    ] }),
    logGroup('cloudtrail', `/aws/cloudtrail/${trailName(ctx)}`),
    top('resource', ['aws_iam_role', 'cloudtrail'], {
      name: platformRoleName(ctx, 'cloudtrail-logs'),
      description: 'Lets CloudTrail deliver the trail to its CloudWatch log group',
      assume_role_policy: documentJson('cloudtrail_trust'),
    }),
    serviceTrust(ctx, 'cloudtrail_trust', 'cloudtrail.amazonaws.com', trailArn(ctx)),
    top('resource', ['aws_iam_role_policy', 'cloudtrail'], {
      name: 'deliver-to-log-group',
      role: ref('aws_iam_role.cloudtrail.id'),
      policy: documentJson('cloudtrail_logs'),
    }),
    policyDocument('cloudtrail_logs', [
      {
        sid: 'DeliverTrail',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [template(ref('aws_cloudwatch_log_group.cloudtrail.arn'), ':log-stream:*')],
      },
    ]),
  ];
}
