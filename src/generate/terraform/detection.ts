// The account's detection services: GuardDuty (with EKS audit-log and
// runtime monitoring, findings routed to an encrypted SNS topic), Security
// Hub with the AWS Foundational and CIS standards, IAM Access Analyzer,
// Amazon Inspector for images and nodes, and the account password policy.
import { arn, bounded, documentJson, platformKeyArn, policyDocument, type Context } from './context.js';
import { block, call, ref, top, type Block, type Body } from './hcl.js';

function feature(name: string, featureName: string, extra: Body = {}): Block {
  return top('resource', ['aws_guardduty_detector_feature', name], {
    detector_id: ref('aws_guardduty_detector.main.id'),
    name: featureName,
    status: 'ENABLED',
    ...extra,
  });
}

export function guarddutyFile(ctx: Context): Block[] {
  const topic = ref('aws_sns_topic.security_findings.arn');
  const rule = ref('aws_cloudwatch_event_rule.guardduty_findings.arn');
  return [
    top('resource', ['aws_guardduty_detector', 'main'], {
      enable: true,
      finding_publishing_frequency: 'FIFTEEN_MINUTES',
    }),
    feature('eks_audit_logs', 'EKS_AUDIT_LOGS'),
    feature('runtime_monitoring', 'RUNTIME_MONITORING', {
      // GuardDuty installs and updates its agent on the cluster as an EKS add-on.
      additional_configuration: block({ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }),
    }),
    feature('s3_data_events', 'S3_DATA_EVENTS'),
    feature('rds_login_events', 'RDS_LOGIN_EVENTS'),
    feature('ebs_malware_protection', 'EBS_MALWARE_PROTECTION'),
    feature('lambda_network_logs', 'LAMBDA_NETWORK_LOGS'),
    top('resource', ['aws_sns_topic', 'security_findings'], {
      name: bounded(`${ctx.cluster.name}-security-findings`, 256),
      kms_master_key_id: platformKeyArn,
    }),
    top('resource', ['aws_sns_topic_policy', 'security_findings'], {
      arn: topic,
      policy: documentJson('security_findings_topic'),
    }),
    policyDocument('security_findings_topic', [
      {
        sid: 'FindingsRuleOnly',
        actions: ['sns:Publish'],
        resources: [topic],
        principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
        conditions: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [rule] }],
      },
    ]),
    top('resource', ['aws_cloudwatch_event_rule', 'guardduty_findings'], {
      name: bounded(`${ctx.cluster.name}-guardduty-findings`, 64),
      description: 'GuardDuty findings of medium severity and above',
      event_pattern: call('jsonencode', {
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', 4] }] },
      }),
    }),
    top('resource', ['aws_cloudwatch_event_target', 'guardduty_findings'], {
      rule: ref('aws_cloudwatch_event_rule.guardduty_findings.name'),
      target_id: 'security-findings-topic',
      arn: topic,
    }),
  ];
}

/** Standards ARNs are regional and carry the partition. */
function standardArn(ctx: Context, path: string): string {
  return arn(ctx, 'securityhub', `standards/${path}`, { account: '' });
}

export function securityHubFile(ctx: Context): Block[] {
  const depends = [ref('aws_securityhub_account.main')];
  return [
    top('resource', ['aws_securityhub_account', 'main'], {
      // The two standards are subscribed explicitly below, so the choice is visible here.
      enable_default_standards: false,
      control_finding_generator: 'SECURITY_CONTROL',
      auto_enable_controls: true,
    }),
    top('resource', ['aws_securityhub_standards_subscription', 'foundational'], {
      standards_arn: standardArn(ctx, 'aws-foundational-security-best-practices/v/1.0.0'),
      depends_on: depends,
    }),
    top('resource', ['aws_securityhub_standards_subscription', 'cis'], {
      standards_arn: standardArn(ctx, 'cis-aws-foundations-benchmark/v/3.0.0'),
      depends_on: depends,
    }),
  ];
}

export function accessAnalyzerFile(ctx: Context): Block[] {
  return [
    top('resource', ['aws_accessanalyzer_analyzer', 'account'], {
      analyzer_name: bounded(`${ctx.cluster.name}-external-access`, 255),
      type: 'ACCOUNT',
    }),
  ];
}

export function inspectorFile(ctx: Context): Block[] {
  return [
    top('resource', ['aws_inspector2_enabler', 'main'], {
      account_ids: [ctx.account],
      resource_types: ['ECR', 'EC2'],
    }),
  ];
}

/** The CIS AWS Foundations password policy, for the IAM users the account may still have. */
export function passwordPolicyFile(): Block[] {
  return [
    top('resource', ['aws_iam_account_password_policy', 'strict'], {
      minimum_password_length: 14,
      require_lowercase_characters: true,
      require_uppercase_characters: true,
      require_numbers: true,
      require_symbols: true,
      password_reuse_prevention: 24,
      max_password_age: 90,
      allow_users_to_change_password: true,
    }),
  ];
}
