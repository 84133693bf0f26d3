// A local endpoint that answers the AWS wire protocols for the calls
// `guardrail audit aws` makes, from a simulated account, so that the real SDK
// clients (serialization, pagination, retries, error parsing) run against it:
// query/XML (IAM, STS, ELBv2), EC2 query, JSON 1.1 (CloudTrail, KMS,
// Organizations, WAFv2), REST-JSON (GuardDuty, Security Hub, Inspector, Access
// Analyzer, EKS) and REST-XML (S3, S3 Control). Responses follow the shapes of
// the AWS API reference. Used by the tests and by `npm run bench`.
import { randomUUID } from 'node:crypto';
import http from 'node:http';

/**
 * @typedef {object} EndpointOptions
 * @property {number} [latencyMs] delay before every response
 * @property {number} [pageSize] most items per page, whatever the client asks
 */

const XMLNS = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  elasticloadbalancing: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  s3: 'http://s3.amazonaws.com/doc/2006-03-01/',
  s3control: 'http://awss3control.amazonaws.com/doc/2018-08-20/',
};

/** The IAM action of each S3 operation, where it is not the operation's name. */
const S3_ACTIONS = {
  ListBuckets: 's3:ListAllMyBuckets',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  AccountPublicAccessBlock: 's3:GetAccountPublicAccessBlock',
};

const PROTOCOL = {
  iam: 'query',
  sts: 'query',
  elasticloadbalancing: 'query',
  ec2: 'ec2',
  cloudtrail: 'json',
  kms: 'json',
  organizations: 'json',
  wafv2: 'json',
  guardduty: 'rest-json',
  securityhub: 'rest-json',
  inspector2: 'rest-json',
  'access-analyzer': 'rest-json',
  eks: 'rest-json',
  s3: 'rest-xml',
};

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JS value to XML elements: arrays become `<name><member>…</member></name>` (EC2: `item`). */
function xml(name, value, member) {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((v) => xml(member, v, member)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => xml(k, v, member)).join('')}</${name}>`;
  return `<${name}>${escape(value)}</${name}>`;
}

function fields(object, member) {
  return Object.entries(object).map(([k, v]) => xml(k, v, member)).join('');
}

/** A page of `items` from the offset in `token`. */
function page(items, token, asked, pageSize) {
  const start = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
  const size = Math.max(1, Math.min(Number(asked) || pageSize, pageSize));
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined };
}

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const tagSet = (tags = {}) => Object.entries(tags).map(([key, value]) => ({ key, value }));

function credentialReport(account, generatedAt) {
  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const key = (k) => (k ? [String(k.active), k.lastRotated ?? 'N/A', k.lastUsed ?? 'N/A', k.lastUsed ? 'eu-west-1' : 'N/A', k.lastUsed ? 'sts' : 'N/A'] : ['false', 'N/A', 'N/A', 'N/A', 'N/A']);
  const root = account.root ?? { mfa: true, accessKeys: 0 };
  const rows = [
    ['<root_account>', `arn:aws:iam::${account.id}:root`, '2020-01-01T00:00:00+00:00', 'not_supported', '2026-05-01T00:00:00+00:00', 'not_supported', 'not_supported', String(root.mfa),
      ...key(root.accessKeys > 0 ? { active: true, lastRotated: '2020-01-01T00:00:00+00:00' } : undefined), ...key(root.accessKeys > 1 ? { active: true, lastRotated: '2020-01-01T00:00:00+00:00' } : undefined),
      'false', 'N/A', 'false', 'N/A'],
    ...(account.users ?? []).map((u) => [
      u.name, `arn:aws:iam::${account.id}:user/${u.name}`, u.created ?? '2025-01-10T09:00:00+00:00', String(Boolean(u.password)),
      u.password ? (u.passwordLastUsed ?? 'no_information') : 'N/A', u.password ? '2025-01-10T09:00:00+00:00' : 'N/A', 'N/A', String(Boolean(u.mfa)),
      ...key(u.keys?.[0]), ...key(u.keys?.[1]), 'false', 'N/A', 'false', 'N/A',
    ]),
  ];
  return `${header}\n${rows.map((r) => r.join(',')).join('\n')}`;
}

/** Operations by service: (request, region) → response fields for the protocol. */
function handlers(account, pageSize) {
  const id = account.id;
  const regionOf = (region) => account.regions?.[region] ?? {};
  const lbArn = (region, lb) => `arn:aws:elasticloadbalancing:${region}:${id}:loadbalancer/${lb.type === 'network' ? 'net' : 'app'}/${lb.name}/50dc6c495c0c9188`;
  const generatedAt = account.reportGeneratedAt ?? new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
  return {
    sts: {
      GetCallerIdentity: () => ({ UserId: 'AIDAEXAMPLEAUDITOR', Account: id, Arn: `arn:aws:iam::${id}:user/auditor` }),
      AssumeRole: (q) => ({
        Credentials: { AccessKeyId: 'ASIAEXAMPLEASSUMED', SecretAccessKey: 'assumed-secret', SessionToken: 'assumed-token', Expiration: new Date(Date.now() + 3_600_000).toISOString() },
        AssumedRoleUser: { AssumedRoleId: `AROAEXAMPLE:${q.RoleSessionName}`, Arn: `${q.RoleArn?.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${q.RoleSessionName}` },
      }),
    },
    iam: {
      GenerateCredentialReport: () => ({ State: 'COMPLETE', Description: 'No report exists. Starting a new report generation task' }),
      GetCredentialReport: () => ({ Content: Buffer.from(credentialReport(account, generatedAt)).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: generatedAt }),
      GetAccountPasswordPolicy: () => {
        if (!account.passwordPolicy) throw new ApiError(404, 'NoSuchEntity', `The Password Policy with domain name ${id} cannot be found.`);
        return { PasswordPolicy: account.passwordPolicy };
      },
    },
    ec2: {
      DescribeRegions: () => ({ regionInfo: Object.keys(account.regions ?? {}).map((r) => ({ regionName: r, regionEndpoint: `ec2.${r}.amazonaws.com`, optInStatus: 'opt-in-not-required' })) }),
      DescribeSecurityGroups: (q, region) => {
        const { items, next } = page(regionOf(region).securityGroups ?? [], q.NextToken, q.MaxResults, pageSize);
        return {
          securityGroupInfo: items.map((g) => ({
            ownerId: id, groupName: g.name, groupId: g.id, groupDescription: g.name, vpcId: g.vpcId,
            ipPermissions: (g.ingress ?? []).map((r) => ({
              ipProtocol: r.protocol, ...(r.from !== undefined ? { fromPort: r.from, toPort: r.to } : {}),
              groups: [], ipRanges: (r.cidrs ?? []).map((c) => ({ cidrIp: c })), ipv6Ranges: (r.ipv6 ?? []).map((c) => ({ cidrIpv6: c })), prefixListIds: [],
            })),
            ipPermissionsEgress: [{ ipProtocol: '-1', groups: [], ipRanges: [{ cidrIp: '0.0.0.0/0' }], ipv6Ranges: [], prefixListIds: [] }],
            tagSet: tagSet(g.tags),
          })),
          nextToken: next,
        };
      },
      DescribeVpcs: (q, region) => {
        const { items, next } = page(regionOf(region).vpcs ?? [], q.NextToken, q.MaxResults, pageSize);
        return { vpcSet: items.map((v) => ({ vpcId: v.id, state: 'available', cidrBlock: v.cidr ?? '10.0.0.0/16', isDefault: Boolean(v.isDefault), ownerId: id, tagSet: tagSet(v.tags) })), nextToken: next };
      },
      DescribeFlowLogs: (q, region) => {
        const { items, next } = page(regionOf(region).flowLogs ?? [], q.NextToken, q.MaxResults, pageSize);
        return {
          flowLogSet: items.map((f) => ({ flowLogId: f.id, flowLogStatus: f.status ?? 'ACTIVE', resourceId: f.vpcId, trafficType: f.trafficType ?? 'ALL', logDestinationType: 'cloud-watch-logs', deliverLogsStatus: 'SUCCESS' })),
          nextToken: next,
        };
      },
    },
    elasticloadbalancing: {
      DescribeLoadBalancers: (q, region) => {
        const { items, next } = page(regionOf(region).loadBalancers ?? [], q.Marker, q.PageSize, pageSize);
        return {
          LoadBalancers: items.map((lb) => ({
            LoadBalancerArn: lbArn(region, lb), DNSName: `${lb.name}-1234567890.${region}.elb.amazonaws.com`, LoadBalancerName: lb.name,
            Scheme: lb.scheme ?? 'internet-facing', VpcId: 'vpc-0a1b2c3d', State: { Code: 'active' }, Type: lb.type ?? 'application',
            SecurityGroups: lb.securityGroups ?? [], IpAddressType: 'ipv4',
          })),
          NextMarker: next,
        };
      },
    },
    wafv2: {
      ListWebACLs: (q, region) => {
        const acls = regionOf(region).webAcls ?? [];
        const { items, next } = page(acls, q.NextMarker, q.Limit, pageSize);
        return { WebACLs: items.map((a) => ({ Name: a.name, Id: a.id, ARN: `arn:aws:wafv2:${region}:${id}:regional/webacl/${a.name}/${a.id}`, LockToken: randomUUID() })), NextMarker: next };
      },
      ListResourcesForWebACL: (q, region) => {
        const acl = (regionOf(region).webAcls ?? []).find((a) => q.WebACLArn?.endsWith(`/${a.name}/${a.id}`));
        if (!acl) throw new ApiError(400, 'WAFNonexistentItemException', 'AWS WAF couldn’t perform the operation because your resource doesn’t exist.');
        const lbs = regionOf(region).loadBalancers ?? [];
        return { ResourceArns: (acl.loadBalancers ?? []).map((name) => lbArn(region, lbs.find((l) => l.name === name) ?? { name })) };
      },
    },
    cloudtrail: {
      DescribeTrails: (q, region) => {
        const trails = Object.entries(account.regions ?? {}).flatMap(([home, r]) => (r.trails ?? []).map((t) => ({ ...t, home })));
        const applying = trails.filter((t) => t.home === region || (t.multiRegion && q.includeShadowTrails !== false));
        return {
          trailList: applying.map((t) => ({
            Name: t.name, S3BucketName: `${t.name}-logs`, IncludeGlobalServiceEvents: true, IsMultiRegionTrail: Boolean(t.multiRegion), HomeRegion: t.home,
            TrailARN: `arn:aws:cloudtrail:${t.home}:${id}:trail/${t.name}`, LogFileValidationEnabled: Boolean(t.validation), ...(t.kmsKeyId ? { KmsKeyId: t.kmsKeyId } : {}),
            HasCustomEventSelectors: false, HasInsightSelectors: false, IsOrganizationTrail: false,
          })),
        };
      },
      GetTrailStatus: (q) => {
        const trail = Object.values(account.regions ?? {}).flatMap((r) => r.trails ?? []).find((t) => q.Name === t.name || q.Name?.endsWith(`:trail/${t.name}`));
        if (!trail) throw new ApiError(400, 'TrailNotFoundException', `Unknown trail: ${q.Name}`);
        return { IsLogging: Boolean(trail.logging), LatestDeliveryTime: 1780300800 };
      },
    },
    kms: {
      ListKeys: (q, region) => {
        const { items, next } = page(regionOf(region).keys ?? [], q.Marker, q.Limit, pageSize);
        return { Keys: items.map((k) => ({ KeyId: k.id, KeyArn: `arn:aws:kms:${region}:${id}:key/${k.id}` })), ...(next ? { NextMarker: next, Truncated: true } : { Truncated: false }) };
      },
      ListAliases: (q, region) => {
        const aliased = (regionOf(region).keys ?? []).filter((k) => k.alias);
        const { items, next } = page(aliased, q.Marker, q.Limit, pageSize);
        return {
          Aliases: items.map((k) => ({ AliasName: k.alias, AliasArn: `arn:aws:kms:${region}:${id}:${k.alias}`, TargetKeyId: k.id })),
          ...(next ? { NextMarker: next, Truncated: true } : { Truncated: false }),
        };
      },
      DescribeKey: (q, region) => {
        const key = (regionOf(region).keys ?? []).find((k) => k.id === q.KeyId);
        if (!key) throw new ApiError(400, 'NotFoundException', `Key '${q.KeyId}' does not exist`);
        return {
          KeyMetadata: {
            AWSAccountId: id, KeyId: key.id, Arn: `arn:aws:kms:${region}:${id}:key/${key.id}`, CreationDate: 1704067200, Enabled: (key.state ?? 'Enabled') === 'Enabled',
            KeyUsage: 'ENCRYPT_DECRYPT', KeyState: key.state ?? 'Enabled', Origin: 'AWS_KMS', KeyManager: key.manager ?? 'CUSTOMER', KeySpec: key.spec ?? 'SYMMETRIC_DEFAULT',
            CustomerMasterKeySpec: key.spec ?? 'SYMMETRIC_DEFAULT', EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], MultiRegion: false,
          },
        };
      },
      GetKeyRotationStatus: (q, region) => {
        const key = (regionOf(region).keys ?? []).find((k) => k.id === q.KeyId);
        if (!key) throw new ApiError(400, 'NotFoundException', `Key '${q.KeyId}' does not exist`);
        return { KeyRotationEnabled: Boolean(key.rotation), KeyId: key.id };
      },
    },
    organizations: {
      DescribeOrganization: () => {
        if (!account.organization) throw new ApiError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
        return { Organization: { Id: account.organization.id, Arn: `arn:aws:organizations::${account.organization.managementAccountId}:organization/${account.organization.id}`, FeatureSet: 'ALL', MasterAccountId: account.organization.managementAccountId } };
      },
    },
    guardduty: {
      'GET /detector': (q, region) => ({ detectorIds: regionOf(region).guardDuty ? ['12abc34d567e8fa901bc2d34e56789f0'] : [] }),
      'GET /detector/{id}': (q, region) => {
        const gd = regionOf(region).guardDuty;
        if (!gd) throw new ApiError(400, 'BadRequestException', 'The request is rejected because the input detectorId is not owned by the current account.');
        return {
          status: gd.status ?? 'ENABLED', serviceRole: `arn:aws:iam::${id}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`, createdAt: '2024-01-01T00:00:00.000Z',
          findingPublishingFrequency: 'SIX_HOURS', features: Object.entries(gd.features ?? {}).map(([name, status]) => ({ name, status, updatedAt: 1704067200 })),
        };
      },
    },
    securityhub: {
      'GET /accounts': (q, region) => {
        if (!regionOf(region).securityHub) throw new ApiError(401, 'InvalidAccessException', `Account ${id} is not subscribed to AWS Security Hub`);
        return { HubArn: `arn:aws:securityhub:${region}:${id}:hub/default`, SubscribedAt: '2024-01-01T00:00:00.000Z', AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL' };
      },
      'POST /standards/get': (q, region, body) => {
        const standards = regionOf(region).securityHub?.standards ?? [];
        const { items, next } = page(standards, body.NextToken, body.MaxResults, pageSize);
        return {
          StandardsSubscriptions: items.map((s) => ({
            StandardsSubscriptionArn: `arn:aws:securityhub:${region}:${id}:subscription/${s}`, StandardsArn: s.startsWith('arn:') ? s : `arn:aws:securityhub:${region}::standards/${s}`, StandardsInput: {}, StandardsStatus: 'READY',
          })),
          NextToken: next,
        };
      },
    },
    inspector2: {
      'POST /status/batch/get': (q, region) => {
        const status = regionOf(region).inspector;
        const state = (s) => ({ status: s ?? 'DISABLED' });
        return {
          accounts: [{
            accountId: id, state: state(status ? 'ENABLED' : 'DISABLED'),
            resourceState: { ec2: state(status?.ec2), ecr: state(status?.ecr), lambda: state(status?.lambda), lambdaCode: state(undefined), codeRepository: state(undefined) },
          }],
          failedAccounts: [],
        };
      },
    },
    'access-analyzer': {
      'GET /analyzer': (q, region) => {
        const { items, next } = page(regionOf(region).analyzers ?? [], q.nextToken, q.maxResults, pageSize);
        return { analyzers: items.map((a) => ({ arn: `arn:aws:access-analyzer:${region}:${id}:analyzer/${a.name}`, name: a.name, type: a.type ?? 'ACCOUNT', status: a.status ?? 'ACTIVE', createdAt: '2024-01-01T00:00:00Z' })), nextToken: next };
      },
    },
    eks: {
      'GET /clusters': (q, region) => {
        const { items, next } = page((regionOf(region).clusters ?? []).map((c) => c.name), q.nextToken, q.maxResults, pageSize);
        return { clusters: items, nextToken: next };
      },
      'GET /clusters/{id}': (q, region, body, name) => {
        const c = (regionOf(region).clusters ?? []).find((x) => x.name === name);
        if (!c) throw new ApiError(404, 'ResourceNotFoundException', `No cluster found for name: ${name}.`);
        return {
          cluster: {
            name: c.name, arn: `arn:aws:eks:${region}:${id}:cluster/${c.name}`, version: c.version ?? '1.34', status: 'ACTIVE', roleArn: `arn:aws:iam::${id}:role/eks-cluster`,
            resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d'], securityGroupIds: [], vpcId: 'vpc-0a1b2c3d', endpointPublicAccess: Boolean(c.publicAccess), endpointPrivateAccess: c.privateAccess !== false, publicAccessCidrs: c.cidrs ?? (c.publicAccess ? ['0.0.0.0/0'] : []) },
            logging: { clusterLogging: [{ types: c.logs ?? [], enabled: true }, { types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].filter((t) => !(c.logs ?? []).includes(t)), enabled: false }] },
            ...(c.secretsKey ? { encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: c.secretsKey } }] } : {}),
            tags: c.tags ?? {},
          },
        };
      },
    },
  };
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Service and region from the SigV4 credential scope: `Credential=AKID/date/region/service/aws4_request`. */
function scopeOf(request) {
  const match = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(request.headers.authorization ?? '');
  return match ? { region: match[1], service: match[2] } : undefined;
}

/** The operation a request names, its IAM action and its input. */
function operationOf(service, request, url, body) {
  const protocol = PROTOCOL[service];
  if (protocol === 'query' || protocol === 'ec2') {
    const form = Object.fromEntries(new URLSearchParams(body));
    return { op: form.Action, input: form };
  }
  if (protocol === 'json') {
    const target = String(request.headers['x-amz-target'] ?? '');
    return { op: target.slice(target.lastIndexOf('.') + 1), input: body ? JSON.parse(body) : {} };
  }
  if (service === 's3') {
    if (url.pathname.startsWith('/v20180820/configuration/publicAccessBlock')) return { op: 'AccountPublicAccessBlock', input: {} };
    const bucket = decodeURIComponent(url.pathname.split('/')[1] ?? '');
    if (!bucket) return { op: 'ListBuckets', input: Object.fromEntries(url.searchParams) };
    if (url.searchParams.has('publicAccessBlock')) return { op: 'GetPublicAccessBlock', input: { bucket } };
    if (url.searchParams.has('encryption')) return { op: 'GetBucketEncryption', input: { bucket } };
    return { op: 'Unknown', input: {} };
  }
  // REST-JSON: the route with `{id}` standing for the last path segment when that is how the route is declared.
  const segments = url.pathname.split('/').filter(Boolean);
  const exact = `${request.method} /${segments.join('/')}`;
  const generic = `${request.method} /${[...segments.slice(0, -1), '{id}'].join('/')}`;
  return { op: exact, generic, name: decodeURIComponent(segments.at(-1) ?? ''), input: Object.fromEntries(url.searchParams) };
}

function actionOf(service, op) {
  if (service === 's3') return S3_ACTIONS[op] ?? `s3:${op}`;
  return `${service}:${op}`;
}

/** Names REST-JSON routes by their operation, for counting and faults. */
const REST_OPERATIONS = {
  'GET /detector': 'ListDetectors',
  'GET /detector/{id}': 'GetDetector',
  'GET /accounts': 'DescribeHub',
  'POST /standards/get': 'GetEnabledStandards',
  'POST /status/batch/get': 'BatchGetAccountStatus',
  'GET /analyzer': 'ListAnalyzers',
  'GET /clusters': 'ListClusters',
  'GET /clusters/{id}': 'DescribeCluster',
};

function errorResponse(service, error, requestId) {
  const protocol = PROTOCOL[service];
  if (protocol === 'query') {
    return { status: error.status, type: 'text/xml', body: `<ErrorResponse xmlns="${XMLNS[service]}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${escape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>` };
  }
  if (protocol === 'ec2') {
    return { status: error.status, type: 'text/xml', body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${error.code}</Code><Message>${escape(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>` };
  }
  if (protocol === 'json') return { status: error.status, type: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: error.code, message: error.message }) };
  if (protocol === 'rest-json') return { status: error.status, type: 'application/json', headers: { 'x-amzn-errortype': error.code }, body: JSON.stringify({ message: error.message }) };
  return { status: error.status, type: 'application/xml', body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${error.code}</Code><Message>${escape(error.message)}</Message><RequestId>${requestId}</RequestId></Error>` };
}

function deniedError(service, action) {
  const message = `User: arn:aws:iam::111122223333:user/auditor is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
  if (service === 'ec2') return new ApiError(403, 'UnauthorizedOperation', `You are not authorized to perform this operation. User: auditor is not authorized to perform: ${action}`);
  if (PROTOCOL[service] === 'query' || service === 's3') return new ApiError(403, 'AccessDenied', message);
  return new ApiError(PROTOCOL[service] === 'json' ? 400 : 403, 'AccessDeniedException', message);
}

function throttleError(service) {
  if (service === 'ec2') return new ApiError(503, 'RequestLimitExceeded', 'Request limit exceeded.');
  if (service === 's3') return new ApiError(503, 'SlowDown', 'Please reduce your request rate.');
  if (PROTOCOL[service] === 'query') return new ApiError(400, 'Throttling', 'Rate exceeded');
  return new ApiError(PROTOCOL[service] === 'json' ? 400 : 429, 'ThrottlingException', 'Rate exceeded');
}

function successResponse(service, op, result, requestId, account) {
  const protocol = PROTOCOL[service];
  if (protocol === 'query') {
    return { status: 200, type: 'text/xml', body: `<${op}Response xmlns="${XMLNS[service]}"><${op}Result>${fields(result, 'member')}</${op}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op}Response>` };
  }
  if (protocol === 'ec2') return { status: 200, type: 'text/xml', body: `<?xml version="1.0" encoding="UTF-8"?><${op}Response xmlns="${XMLNS.ec2}"><requestId>${requestId}</requestId>${fields(result, 'item')}</${op}Response>` };
  if (protocol === 'json') return { status: 200, type: 'application/x-amz-json-1.1', body: JSON.stringify(result) };
  if (protocol === 'rest-json') return { status: 200, type: 'application/json', body: JSON.stringify(result) };
  return { status: 200, type: 'application/xml', body: `<?xml version="1.0" encoding="UTF-8"?>${s3Body(op, result, account)}` };
}

function s3Body(op, result) {
  if (op === 'ListBuckets') {
    const buckets = result.buckets.map((b) => `<Bucket><Name>${escape(b.name)}</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate><BucketRegion>${b.region}</BucketRegion></Bucket>`).join('');
    return `<ListAllMyBucketsResult xmlns="${XMLNS.s3}"><Owner><ID>owner</ID></Owner><Buckets>${buckets}</Buckets>${result.next ? `<ContinuationToken>${result.next}</ContinuationToken>` : ''}</ListAllMyBucketsResult>`;
  }
  if (op === 'GetBucketEncryption') return `<ServerSideEncryptionConfiguration xmlns="${XMLNS.s3}">${xml('Rule', result, 'member')}</ServerSideEncryptionConfiguration>`;
  const ns = op === 'AccountPublicAccessBlock' ? XMLNS.s3control : XMLNS.s3;
  return `<PublicAccessBlockConfiguration xmlns="${ns}">${fields(result, 'member')}</PublicAccessBlockConfiguration>`;
}

function blockXml(block) {
  return { BlockPublicAcls: block.blockPublicAcls, IgnorePublicAcls: block.ignorePublicAcls, BlockPublicPolicy: block.blockPublicPolicy, RestrictPublicBuckets: block.restrictPublicBuckets };
}

function s3Operation(account, op, input, pageSize) {
  if (op === 'ListBuckets') {
    const { items, next } = page(account.buckets ?? [], input['continuation-token'], input['max-buckets'], pageSize);
    return { buckets: items, next };
  }
  if (op === 'AccountPublicAccessBlock') {
    if (!account.publicAccessBlock) throw new ApiError(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
    return blockXml(account.publicAccessBlock);
  }
  const bucket = (account.buckets ?? []).find((b) => b.name === input.bucket);
  if (!bucket) throw new ApiError(404, 'NoSuchBucket', 'The specified bucket does not exist');
  if (op === 'GetPublicAccessBlock') {
    if (!bucket.publicAccessBlock) throw new ApiError(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
    return blockXml(bucket.publicAccessBlock);
  }
  if (op === 'GetBucketEncryption') {
    if (!bucket.encryption) throw new ApiError(404, 'ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found');
    return { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: bucket.encryption.algorithm, ...(bucket.encryption.kmsKeyId ? { KMSMasterKeyID: bucket.encryption.kmsKeyId } : {}) }, BucketKeyEnabled: true };
  }
  throw new ApiError(400, 'NotImplemented', `${op} is not implemented by this endpoint`);
}

/**
 * Serves `account` until closed. `account.faults.deny` lists IAM actions
 * (optionally `action@region`) answered with the service's access-denied
 * error; `account.faults.throttle` maps actions to how many of their first
 * requests are throttled.
 * @param {object} account
 * @param {EndpointOptions} [options]
 */
export async function startAwsEndpoint(account, options = {}) {
  const pageSize = options.pageSize ?? 100;
  const latencyMs = options.latencyMs ?? 0;
  const ops = handlers(account, pageSize);
  const deny = new Set(account.faults?.deny ?? []);
  const throttles = new Map(Object.entries(account.faults?.throttle ?? {}));
  /** HTTP requests by IAM action, retries included. */
  const calls = new Map();

  const server = http.createServer(async (request, response) => {
    const requestId = randomUUID();
    let service = 'unknown';
    let reply;
    try {
      const body = await readBody(request);
      const scope = scopeOf(request);
      if (!scope) throw new ApiError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
      service = scope.service === 'elasticloadbalancing' || PROTOCOL[scope.service] ? scope.service : 'unknown';
      if (service === 'unknown') throw new ApiError(400, 'UnknownService', `no such service ${scope.service}`);
      const url = new URL(request.url ?? '/', 'http://localhost');
      const operation = operationOf(service, request, url, body);
      const restName = REST_OPERATIONS[operation.op] ?? REST_OPERATIONS[operation.generic];
      const op = restName ?? operation.op;
      const action = actionOf(service, op);
      calls.set(action, (calls.get(action) ?? 0) + 1);
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (deny.has(action) || deny.has(`${action}@${scope.region}`)) throw deniedError(service, action);
      const left = throttles.get(action) ?? 0;
      if (left > 0) {
        throttles.set(action, left - 1);
        throw throttleError(service);
      }
      let result;
      if (service === 's3') result = s3Operation(account, op, operation.input, pageSize);
      else {
        const handler = restName ? ops[service][REST_OPERATIONS[operation.op] ? operation.op : operation.generic] : ops[service][op];
        if (!handler) throw new ApiError(400, 'InvalidAction', `${op} is not implemented by this endpoint`);
        result = handler(operation.input, scope.region, operation.input && PROTOCOL[service] === 'rest-json' && body ? JSON.parse(body) : {}, operation.name);
      }
      reply = successResponse(service, op, result, requestId, account);
    } catch (error) {
      const known = error instanceof ApiError ? error : new ApiError(500, 'InternalFailure', String(error?.message ?? error));
      reply = errorResponse(service === 'unknown' ? 'sts' : service, known, requestId);
    }
    response.writeHead(reply.status, { 'content-type': reply.type, 'x-amzn-requestid': requestId, 'x-amz-request-id': requestId, ...(reply.headers ?? {}) });
    response.end(reply.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A generated account: `users` IAM users, `groups` security groups, `buckets`
 * buckets and `clusters` EKS clusters spread over `regions` regions, a mix
 * of compliant and failing settings.
 */
export function simulatedAccount({ users = 500, groups = 2000, buckets = 300, regions = 17, clusters = 34, keys = 170 } = {}) {
  const names = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-south-1',
    'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'sa-east-1'].slice(0, regions);
  const spread = (n, i) => Math.floor(n / names.length) + (i < n % names.length ? 1 : 0);
  const account = {
    id: '111122223333',
    root: { mfa: true, accessKeys: 0 },
    users: Array.from({ length: users }, (_, i) => ({
      name: `user-${String(i).padStart(4, '0')}`, password: i % 3 === 0, mfa: i % 5 !== 0, passwordLastUsed: '2026-05-20T10:00:00+00:00',
      keys: i % 2 === 0 ? [{ active: true, lastRotated: '2026-03-01T00:00:00+00:00', lastUsed: '2026-05-30T00:00:00+00:00' }] : [],
    })),
    passwordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 24 },
    organization: { id: 'o-a1b2c3d4e5', managementAccountId: '999988887777' },
    publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
    buckets: Array.from({ length: buckets }, (_, i) => ({
      name: `bucket-${String(i).padStart(4, '0')}`, region: names[i % names.length],
      publicAccessBlock: i % 4 === 0 ? null : { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      encryption: i % 3 === 0 ? { algorithm: 'AES256' } : { algorithm: 'aws:kms', kmsKeyId: 'alias/data' },
    })),
    regions: {},
  };
  names.forEach((region, r) => {
    const sgs = Array.from({ length: spread(groups, r) }, (_, i) => ({
      id: `sg-${r.toString(16).padStart(2, '0')}${i.toString(16).padStart(6, '0')}`, name: `group-${i}`, vpcId: `vpc-${r}`,
      ingress: [{ protocol: 'tcp', from: 443, to: 443, cidrs: i % 10 === 0 ? ['0.0.0.0/0'] : ['10.0.0.0/8'] }, { protocol: 'tcp', from: 22, to: 22, cidrs: i % 50 === 0 ? ['0.0.0.0/0'] : ['10.0.0.0/8'] }],
      tags: { team: `team-${i % 7}` },
    }));
    account.regions[region] = {
      securityGroups: sgs,
      vpcs: [{ id: `vpc-${r}`, tags: { Name: `platform-${region}` } }, { id: `vpc-default-${r}`, isDefault: true }],
      flowLogs: [{ id: `fl-${r}`, vpcId: `vpc-${r}` }],
      loadBalancers: [{ name: `edge-${r}`, securityGroups: [sgs[0].id] }, { name: `internal-${r}`, scheme: 'internal', securityGroups: [] }],
      webAcls: r % 2 === 0 ? [{ name: 'edge', id: `acl${r}`, loadBalancers: [`edge-${r}`] }] : [],
      trails: region === 'us-east-1' ? [{ name: 'org-trail', multiRegion: true, logging: true, validation: true, kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/trail' }] : [],
      guardDuty: { features: { EKS_AUDIT_LOGS: 'ENABLED', RUNTIME_MONITORING: r % 3 === 0 ? 'DISABLED' : 'ENABLED' } },
      securityHub: r % 4 === 0 ? null : { standards: [`arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`] },
      inspector: { ec2: 'ENABLED', ecr: 'ENABLED' },
      analyzers: [{ name: 'account', type: 'ACCOUNT' }],
      keys: Array.from({ length: spread(keys, r) }, (_, i) => ({
        id: `${r}-${i}-key`, manager: i % 2 === 0 ? 'AWS' : 'CUSTOMER', rotation: i % 4 === 1, alias: i % 2 === 0 ? `alias/aws/service-${i}` : `alias/team-${i}`,
      })),
      clusters: Array.from({ length: spread(clusters, r) }, (_, i) => ({ name: `platform-${i}`, version: i % 2 ? '1.34' : '1.31', logs: ['api', 'audit', 'authenticator'], secretsKey: 'arn:aws:kms:eu-west-1:111122223333:key/eks' })),
    };
  });
  return account;
}
