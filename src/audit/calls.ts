// Every AWS API call the audit makes, as the IAM action it needs and the
// rules it feeds. Collectors can only call what is declared here (the type
// says so), `--print-policy` is built from it, and an access-denied error
// names the rules it blocks from it.

interface CallDeclaration {
  /** Rules that cannot judge (fully) without this call. */
  checks: readonly string[];
}

const ROOT_AND_USERS = ['aws-root-mfa', 'aws-root-access-keys', 'aws-console-mfa', 'aws-unused-credentials'];
const EKS = ['aws-eks-endpoint', 'aws-eks-control-plane-logs', 'aws-eks-secrets-encryption', 'aws-eks-version'];

export const AUDIT_CALLS = {
  'sts:GetCallerIdentity': { checks: [] },
  'ec2:DescribeRegions': { checks: [] },
  'iam:GenerateCredentialReport': { checks: ROOT_AND_USERS },
  'iam:GetCredentialReport': { checks: ROOT_AND_USERS },
  'iam:GetAccountPasswordPolicy': { checks: ['aws-password-policy'] },
  'organizations:DescribeOrganization': { checks: ['aws-account-separation'] },
  's3:GetAccountPublicAccessBlock': { checks: ['aws-s3-public-access-block'] },
  's3:ListAllMyBuckets': { checks: ['aws-s3-public-access-block', 'aws-s3-kms-encryption'] },
  's3:GetBucketPublicAccessBlock': { checks: ['aws-s3-public-access-block'] },
  's3:GetEncryptionConfiguration': { checks: ['aws-s3-kms-encryption'] },
  'ec2:DescribeSecurityGroups': { checks: ['aws-security-group-open'] },
  'ec2:DescribeVpcs': { checks: ['aws-vpc-flow-logs'] },
  'ec2:DescribeFlowLogs': { checks: ['aws-vpc-flow-logs'] },
  'elasticloadbalancing:DescribeLoadBalancers': { checks: ['aws-security-group-open', 'aws-alb-waf'] },
  'wafv2:ListWebACLs': { checks: ['aws-alb-waf'] },
  'wafv2:ListResourcesForWebACL': { checks: ['aws-alb-waf'] },
  'cloudtrail:DescribeTrails': { checks: ['aws-cloudtrail'] },
  'cloudtrail:GetTrailStatus': { checks: ['aws-cloudtrail'] },
  'guardduty:ListDetectors': { checks: ['aws-guardduty'] },
  'guardduty:GetDetector': { checks: ['aws-guardduty'] },
  'securityhub:DescribeHub': { checks: ['aws-security-hub'] },
  'securityhub:GetEnabledStandards': { checks: ['aws-security-hub'] },
  'inspector2:BatchGetAccountStatus': { checks: ['aws-inspector'] },
  'access-analyzer:ListAnalyzers': { checks: ['aws-access-analyzer'] },
  'kms:ListKeys': { checks: ['aws-kms-rotation'] },
  // Only spares DescribeKey on AWS-managed keys; the audit does without it.
  'kms:ListAliases': { checks: [] },
  'kms:DescribeKey': { checks: ['aws-kms-rotation'] },
  'kms:GetKeyRotationStatus': { checks: ['aws-kms-rotation'] },
  'eks:ListClusters': { checks: EKS },
  'eks:DescribeCluster': { checks: EKS },
} as const satisfies Record<string, CallDeclaration>;

export type AuditAction = keyof typeof AUDIT_CALLS;

export const AUDIT_ACTIONS = Object.keys(AUDIT_CALLS).sort() as AuditAction[];

export function checksBlockedBy(action: AuditAction): readonly string[] {
  return AUDIT_CALLS[action].checks;
}

/** The least-privilege identity policy the audit needs: exactly the declared read actions. */
export function auditPolicy(): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'GuardrailAuditReadOnly', Effect: 'Allow', Action: AUDIT_ACTIONS, Resource: '*' }],
  };
}
