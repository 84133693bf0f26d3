// The facts `guardrail audit aws` reads from an account: the value of each
// `live-aws` resource, as collectors write them and rules read them. A key
// that is absent means unknown (the call that tells it failed); `null` means
// known to be absent (e.g. no password policy). Rules report nothing on an
// unknown.

export const KIND = {
  account: 'AWS::Account',
  region: 'AWS::Region',
  user: 'AWS::IAM::User',
  securityGroup: 'AWS::EC2::SecurityGroup',
  vpc: 'AWS::EC2::VPC',
  trail: 'AWS::CloudTrail::Trail',
  bucket: 'AWS::S3::Bucket',
  key: 'AWS::KMS::Key',
  cluster: 'AWS::EKS::Cluster',
  loadBalancer: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
} as const;

export type AwsKind = (typeof KIND)[keyof typeof KIND];

export type Tags = Record<string, string>;

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface PasswordPolicy {
  minimumLength?: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercase: boolean;
  requireLowercase: boolean;
  /** Days; absent when passwords never expire. */
  maxAge?: number;
  /** Previous passwords that cannot be reused; absent when reuse is allowed. */
  reusePrevention?: number;
}

/** One account: account-wide settings. */
export interface AccountFacts {
  accountId: string;
  root?: { mfaActive: boolean; activeAccessKeys: number };
  passwordPolicy?: PasswordPolicy | null;
  organization?: { id: string; managementAccountId: string } | null;
  publicAccessBlock?: PublicAccessBlock | null;
}

/** One audited region: the services that must be on in every region. */
export interface RegionFacts {
  region: string;
  guardDuty?: { detectorId: string; status: string; features: Record<string, string> } | null;
  /** ARNs of the enabled standards; null when Security Hub is not enabled. */
  securityHub?: { standards: string[] } | null;
  /** Scan status by resource type (ec2, ecr, lambda…); null when Inspector is not enabled. */
  inspector?: Record<string, string> | null;
  accessAnalyzers?: Array<{ name: string; type: string; status: string }>;
  /** ARNs of the CloudTrail trails that apply to the region, its own and multi-region ones. */
  trails?: string[];
}

export interface AccessKeyFacts {
  active: boolean;
  lastRotated?: string;
  lastUsed?: string;
}

/** One IAM user, from the credential report. */
export interface UserFacts {
  userName: string;
  createdAt: string;
  passwordEnabled: boolean;
  passwordLastUsed?: string;
  mfaActive: boolean;
  accessKeys: AccessKeyFacts[];
  /** When the credential report was generated: the date ages are measured from. */
  reportGeneratedAt: string;
}

export interface IngressRule {
  /** `-1` for all traffic, else tcp, udp, icmp, icmpv6 or a protocol number. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  ipv4Ranges: string[];
  ipv6Ranges: string[];
}

export interface SecurityGroupFacts {
  groupId: string;
  groupName: string;
  vpcId?: string;
  ingress: IngressRule[];
  /** Load balancers the group is attached to; absent when they could not be listed. */
  loadBalancers?: string[];
  tags: Tags;
}

export interface VpcFacts {
  vpcId: string;
  isDefault: boolean;
  flowLogs?: Array<{ id: string; status: string; trafficType: string }>;
  tags: Tags;
}

export interface TrailFacts {
  name: string;
  arn: string;
  homeRegion: string;
  multiRegion: boolean;
  organizationTrail: boolean;
  logFileValidation: boolean;
  kmsKeyId?: string;
  /** Absent when the status could not be read. */
  logging?: boolean;
}

export interface BucketFacts {
  name: string;
  region: string;
  publicAccessBlock?: PublicAccessBlock | null;
  encryption?: { algorithm: string; kmsKeyId?: string } | null;
}

export interface KeyFacts {
  keyId: string;
  manager: string;
  state: string;
  spec: string;
  origin: string;
  rotationEnabled?: boolean;
}

export interface ClusterFacts {
  name: string;
  version: string;
  endpointPublicAccess: boolean;
  endpointPrivateAccess: boolean;
  publicAccessCidrs: string[];
  /** Enabled control-plane log types. */
  logTypes: string[];
  /** KMS key that encrypts Kubernetes secrets; null when none. */
  secretsKeyArn: string | null;
  tags: Tags;
}

export interface LoadBalancerFacts {
  name: string;
  type: string;
  scheme: string;
  securityGroups: string[];
  /** The web ACL protecting it; null when none, absent when unknown. */
  webAcl?: string | null;
}
