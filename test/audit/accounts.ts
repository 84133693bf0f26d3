// Fixture accounts for the local AWS endpoint (bench/aws-endpoint.js): one
// compliant, one with every failure the audit checks, and the compliant one
// answering AccessDenied and throttling on some calls.

const ID = '111122223333';
const KEY = `arn:aws:kms:eu-west-1:${ID}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
const BLOCK_ALL = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const FEATURES_ON = { CLOUD_TRAIL: 'ENABLED', DNS_LOGS: 'ENABLED', FLOW_LOGS: 'ENABLED', EKS_AUDIT_LOGS: 'ENABLED', RUNTIME_MONITORING: 'ENABLED' };
const standards = (region: string) => [
  `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
  `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
];

function compliantRegion(region: string, n: number) {
  return {
    // Five groups: with a page size of 2, the listing takes three pages.
    securityGroups: [
      { id: `sg-${n}a`, name: 'core-ingress-alb', vpcId: `vpc-${n}`, ingress: [{ protocol: 'tcp', from: 443, to: 443, cidrs: ['0.0.0.0/0'], ipv6: ['::/0'] }], tags: { environment: 'production' } },
      { id: `sg-${n}b`, name: 'core-routing', vpcId: `vpc-${n}`, ingress: [{ protocol: 'tcp', from: 8080, to: 8080, cidrs: ['10.20.0.0/16'] }] },
      { id: `sg-${n}c`, name: 'core-session-manager', vpcId: `vpc-${n}`, ingress: [{ protocol: 'tcp', from: 8443, to: 8443, cidrs: ['10.20.0.0/16'] }] },
      { id: `sg-${n}d`, name: 'core-ingress-parser', vpcId: `vpc-${n}`, ingress: [] },
      { id: `sg-${n}e`, name: 'default', vpcId: `vpc-${n}`, ingress: [{ protocol: '-1', cidrs: [] }] },
    ],
    vpcs: [{ id: `vpc-${n}`, tags: { Name: 'platform' } }],
    flowLogs: [{ id: `fl-${n}`, vpcId: `vpc-${n}` }],
    loadBalancers: [
      { name: 'core-ingress', securityGroups: [`sg-${n}a`] },
      { name: 'core-internal', scheme: 'internal', securityGroups: [`sg-${n}b`] },
    ],
    webAcls: [{ name: 'platform-edge', id: `a1b2c3d4-${n}`, loadBalancers: ['core-ingress'] }],
    trails: region === 'us-east-1' ? [{ name: 'platform-audit', multiRegion: true, logging: true, validation: true, kmsKeyId: KEY }] : [],
    guardDuty: { features: FEATURES_ON },
    securityHub: { standards: standards(region) },
    inspector: { ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED' },
    analyzers: [{ name: 'account-analyzer', type: 'ACCOUNT' }],
    keys: [
      { id: `${n}f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`, rotation: true },
      { id: `${n}a2b3c4d-5e6f-7a8b-9c0d-e1f2a3b4c5d6`, manager: 'AWS', alias: 'alias/aws/ebs' },
      { id: `${n}c4d5e6f-7a8b-9c0d-1e2f-a3b4c5d6e7f8`, manager: 'AWS' },
      { id: `${n}b3c4d5e-6f7a-8b9c-0d1e-f2a3b4c5d6e7`, state: 'PendingDeletion' },
    ],
    clusters: [{ name: `platform-${region}`, version: '1.35', logs: ['api', 'audit', 'authenticator'], secretsKey: KEY, tags: { environment: 'production' } }],
  };
}

export function compliantAccount() {
  return {
    id: ID,
    reportGeneratedAt: '2026-06-01T08:00:00+00:00',
    root: { mfa: true, accessKeys: 0 },
    users: [
      { name: 'alice', password: true, mfa: true, passwordLastUsed: '2026-05-30T10:00:00+00:00' },
      { name: 'core-routing-deployer', keys: [{ active: true, lastRotated: '2026-04-01T00:00:00+00:00', lastUsed: '2026-05-31T00:00:00+00:00' }] },
      { name: 'break-glass', password: true, mfa: true, passwordLastUsed: '2026-05-01T10:00:00+00:00' },
    ],
    passwordPolicy: {
      MinimumPasswordLength: 16, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
      ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 24,
    },
    organization: { id: 'o-a1b2c3d4e5', managementAccountId: '999988887777' },
    publicAccessBlock: BLOCK_ALL,
    buckets: [
      { name: 'core-session-manager-archive', region: 'eu-west-1', publicAccessBlock: BLOCK_ALL, encryption: { algorithm: 'aws:kms', kmsKeyId: KEY } },
      { name: 'core-ingress-parser-uploads', region: 'eu-west-1', publicAccessBlock: null, encryption: { algorithm: 'aws:kms', kmsKeyId: KEY } },
      { name: 'platform-audit-logs', region: 'us-east-1', publicAccessBlock: BLOCK_ALL, encryption: { algorithm: 'aws:kms:dsse', kmsKeyId: KEY } },
      { name: 'elsewhere-artifacts', region: 'ap-south-1', publicAccessBlock: null, encryption: null },
    ],
    regions: { 'eu-west-1': compliantRegion('eu-west-1', 1), 'us-east-1': compliantRegion('us-east-1', 2) },
  };
}

export function failingAccount() {
  const account = compliantAccount();
  const eu = account.regions['eu-west-1'];
  const us = account.regions['us-east-1'];
  Object.assign(account, {
    root: { mfa: false, accessKeys: 1 },
    users: [
      { name: 'bob', password: true, mfa: false, passwordLastUsed: '2026-05-30T10:00:00+00:00' },
      { name: 'legacy-ci', keys: [{ active: true, lastRotated: '2025-01-10T09:00:00+00:00', lastUsed: '2026-01-15T00:00:00+00:00' }] },
    ],
    passwordPolicy: null,
    organization: null,
    publicAccessBlock: null,
  });
  account.buckets = [{ name: 'core-ingress-parser-uploads', region: 'eu-west-1', publicAccessBlock: null, encryption: { algorithm: 'AES256', kmsKeyId: '' } }];
  eu.securityGroups.push({ id: 'sg-1f', name: 'bastion', vpcId: 'vpc-1', ingress: [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }] });
  eu.flowLogs = [];
  eu.webAcls = [];
  us.trails = [{ name: 'platform-audit', multiRegion: false, logging: false, validation: false, kmsKeyId: '' }];
  Object.assign(eu, {
    guardDuty: { features: { ...FEATURES_ON, EKS_AUDIT_LOGS: 'DISABLED', RUNTIME_MONITORING: 'DISABLED' } },
    securityHub: null,
    inspector: null,
    analyzers: [],
    keys: [{ id: '3c4d5e6f-7a8b-9c0d-1e2f-a3b4c5d6e7f8', rotation: false }],
    clusters: [{ name: 'platform-staging', version: '1.29', publicAccess: true, logs: [], secretsKey: '', tags: {} }],
  });
  us.guardDuty = null as unknown as typeof us.guardDuty;
  return account;
}

/** Denied and throttled calls in each wire protocol: query, EC2 query, JSON 1.1, REST-JSON and REST-XML. */
export const FAULTS = {
  deny: [
    'iam:GetCredentialReport',
    'ec2:DescribeFlowLogs@eu-west-1',
    'organizations:DescribeOrganization',
    'guardduty:ListDetectors@us-east-1',
    's3:GetBucketPublicAccessBlock',
    'kms:ListAliases',
  ],
  throttle: {
    'iam:GetAccountPasswordPolicy': 1,
    'elasticloadbalancing:DescribeLoadBalancers': 1,
    'ec2:DescribeSecurityGroups': 3,
    'kms:ListKeys': 2,
    'eks:DescribeCluster': 1,
    'guardduty:GetDetector': 1,
    'securityhub:GetEnabledStandards': 1,
    's3:ListAllMyBuckets': 1,
  },
};

export function faultyAccount() {
  return { ...compliantAccount(), faults: FAULTS };
}
