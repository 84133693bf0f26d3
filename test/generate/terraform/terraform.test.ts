// The generated Terraform: it parses with HashiCorp's parser, scans clean
// together with the generated manifests, grants each service exactly what
// its spec lists, and carries hostile spec strings as plain text.
import { describe, expect, it } from 'vitest';
import { atLeast } from '../../../src/core/severity.js';
import { EKS_VERSIONS } from '../../../src/data/eks-versions.js';
import type { Resource } from '../../../src/core/types.js';
import { generatePlatform } from '../../../src/generate/platform.js';
import type { PlatformSpec, ServiceSpec } from '../../../src/generate/spec.js';
import { generateTerraform } from '../../../src/generate/terraform/index.js';
import { parseTerraform } from '../../../src/inputs/terraform/parse.js';
import { terraformResources } from '../../../src/inputs/terraform/resources.js';
import { scanSources } from '../../../src/scan/scan.js';
import { exampleSpec } from '../support.js';

const IMAGE = (name: string) => `111122223333.dkr.ecr.eu-west-1.amazonaws.com/${name}@sha256:${'a'.repeat(64)}`;

function service(name: string, extra: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name,
    namespace: name,
    domain: 'shop',
    image: IMAGE(name),
    ports: [{ name: 'http', port: 8080 }],
    metricsPort: 9090,
    replicas: { min: 2, max: 4 },
    resources: { cpu: '100m', memory: '128Mi' },
    slo: { latencyP95Ms: 100, latencyP99Ms: 300, errorRate: 0.001 },
    ...extra,
  };
}

/** The example's cluster (on the newest EKS version) with other services. */
function specWith(services: ServiceSpec[], cluster: Partial<PlatformSpec['cluster']> = {}): PlatformSpec {
  const base = exampleSpec();
  return { ...base, cluster: { ...base.cluster, kubernetesVersion: EKS_VERSIONS.latest, ...cluster }, services };
}

/** Specs that together use every branch: no AWS access at all, every kind of access, MySQL, several caches, other regions. */
const VARIANTS: Record<string, () => PlatformSpec> = {
  example: exampleSpec,
  'one private service without AWS access': () => specWith([service('catalog')]),
  'a public service in a region opened after August 2022': () =>
    specWith([service('storefront', { public: true })], { region: 'eu-central-2', availabilityZones: ['eu-central-2a', 'eu-central-2b'] }),
  'every kind of access, MySQL, two caches, two public services': () =>
    specWith([
      service('orders', {
        public: true,
        aws: {
          s3: [
            { bucket: 'shop-orders', prefix: 'incoming/', access: 'write' },
            { bucket: 'shop-orders', access: 'read-write' },
            { bucket: 'shop.exports', prefix: 'daily/', access: 'read' },
          ],
          kms: ['arn:aws:kms:eu-west-1:111122223333:key/0f9e8d7c-1234-4abc-9def-001122334455'],
          sqs: [
            { arn: 'arn:aws:sqs:eu-west-1:111122223333:orders-in', access: 'consume' },
            { arn: 'arn:aws:sqs:eu-west-1:111122223333:orders-out', access: 'both' },
          ],
          sns: [{ arn: 'arn:aws:sns:eu-west-1:111122223333:order-events' }],
          dynamodb: [{ arn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders', access: 'read-write' }],
          secrets: ['shop/orders/api-key', 'shop/orders/signing'],
        },
        database: { engine: 'mysql', name: 'orders' },
        cache: true,
      }),
      service('payments', { public: true, ports: [{ name: 'https', port: 8443 }], cache: true, database: { engine: 'postgresql', name: 'payments', storageGb: 50 } }),
      service('2fa-codes', { aws: { secrets: ['shop/2fa/seed'] } }),
    ], { region: 'us-east-1', availabilityZones: ['us-east-1a', 'us-east-1b'] }),
};

async function parsedResources(files: Array<{ path: string; content: string }>): Promise<Resource[]> {
  const resources: Resource[] = [];
  for (const file of files.filter((f) => f.path.endsWith('.tf'))) {
    const { payload, errors } = await parseTerraform(file.path, file.content);
    expect(errors, file.path).toEqual([]);
    resources.push(...terraformResources(payload, file.path));
  }
  return resources;
}

function policyOf(resources: Resource[], name: string): Array<Record<string, any>> {
  const document = resources.find((r) => r.name === `data.aws_iam_policy_document.${name}`);
  expect(document, name).toBeDefined();
  return ((document!.value as { __policy: { Statement: Array<Record<string, any>> } }).__policy).Statement;
}

describe('generateTerraform', () => {
  for (const [name, build] of Object.entries(VARIANTS)) {
    it(`parses, and scans clean with the generated manifests: ${name}`, async () => {
      const spec = build();
      const terraform = generateTerraform(spec);
      expect(terraform.every((f) => f.path.startsWith('terraform/') && f.path.endsWith('.tf'))).toBe(true);
      await parsedResources(terraform);
      const tree = generatePlatform(spec);
      const result = await scanSources(tree.map((f) => ({ file: f.path, text: f.content })));
      expect(result.errors.filter((e) => e.file.startsWith('terraform/'))).toEqual([]);
      const serious = result.findings
        .filter((f) => f.file.startsWith('terraform/') && atLeast(f.severity, 'medium'))
        .map((f) => `${f.severity} ${f.rule} ${f.file}:${f.line} ${f.message}`);
      expect(serious).toEqual([]);
    }, 120_000);
  }

  it('is deterministic and does not depend on the order of services in the spec', () => {
    const spec = VARIANTS['every kind of access, MySQL, two caches, two public services']();
    const reversed = { ...spec, services: [...spec.services].reverse() };
    expect(generateTerraform(reversed)).toEqual(generateTerraform(spec));
  });

  it('lets load balancers deliver access logs the way each region requires', async () => {
    const legacy = policyOf(await parsedResources(generateTerraform(exampleSpec())), 'alb_logs_bucket')[0];
    expect(legacy.Principal).toEqual({ AWS: ['${data.aws_elb_service_account.main.arn}'] });
    const recent = policyOf(await parsedResources(generateTerraform(VARIANTS['a public service in a region opened after August 2022']())), 'alb_logs_bucket')[0];
    expect(recent.Principal).toEqual({ Service: ['logdelivery.elasticloadbalancing.amazonaws.com'] });
    expect(recent.Resource).toEqual(['${aws_s3_bucket.alb_logs.arn}/alb/AWSLogs/111122223333/*']);
  });

  it('names no two roles, security groups or buckets alike, even for services named like the platform\'s own parts', async () => {
    const names = ['node', 'vpc-cni', 'eks-cluster', 'fluent-bit', 'alb', 'vpc-endpoints', 'cache-auth-rotation'];
    const spec = specWith(names.map((name) => service(name, { cache: true, public: true, database: { engine: 'postgresql', name: 'db' } })));
    const resources = await parsedResources(generateTerraform(spec));
    for (const kind of ['aws_iam_role', 'aws_security_group', 'aws_s3_bucket', 'aws_cloudwatch_log_group']) {
      const key = kind === 'aws_s3_bucket' ? 'bucket' : 'name';
      const values = resources.filter((r) => r.kind === kind).map((r) => (r.value as Record<string, unknown>)[key]);
      expect(new Set(values).size, kind).toBe(values.length);
    }
  });

  it('writes only the files a spec needs', () => {
    const paths = generateTerraform(VARIANTS['one private service without AWS access']()).map((f) => f.path);
    expect(paths).not.toContain('terraform/rds.tf');
    expect(paths).not.toContain('terraform/elasticache.tf');
    expect(paths).not.toContain('terraform/waf.tf');
    expect(paths).not.toContain('terraform/s3.tf');
    expect(paths).toEqual(expect.arrayContaining(['terraform/eks.tf', 'terraform/kms.tf', 'terraform/guardduty.tf', 'terraform/cloudtrail.tf']));
  });
});

describe('the platform it describes', () => {
  async function example(): Promise<(kind: string, name: string) => Record<string, any>> {
    const resources = await parsedResources(generateTerraform(VARIANTS['every kind of access, MySQL, two caches, two public services']()));
    return (kind, name) => {
      const found = resources.find((r) => r.kind === kind && r.name.endsWith(`.${name}`));
      expect(found, `${kind}.${name}`).toBeDefined();
      return found!.value as Record<string, any>;
    };
  }

  it('runs EKS privately, encrypted, fully logged, on nodes pods cannot take credentials from', async () => {
    const value = await example();
    const cluster = value('aws_eks_cluster', 'main');
    expect(cluster.vpc_config[0]).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(cluster.encryption_config[0]).toMatchObject({ resources: ['secrets'], provider: [{ key_arn: '${aws_kms_key.platform.arn}' }] });
    expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(cluster.access_config[0]).toMatchObject({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(value('aws_launch_template', 'node').metadata_options[0]).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(value('aws_eks_node_group', 'main').subnet_ids).toBe('${[for zone in local.availability_zones : aws_subnet.private[zone].id]}');
    expect(value('aws_subnet', 'private').map_public_ip_on_launch).toBe(false);
  });

  it('keeps databases and caches private, encrypted with the platform key, backed up and authenticated', async () => {
    const value = await example();
    expect(value('aws_db_instance', 'orders')).toMatchObject({
      engine: 'mysql',
      storage_encrypted: true,
      kms_key_id: '${aws_kms_key.platform.arn}',
      publicly_accessible: false,
      deletion_protection: true,
      iam_database_authentication_enabled: true,
      manage_master_user_password: true,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: '${aws_kms_key.platform.arn}',
      enabled_cloudwatch_logs_exports: ['error', 'slowquery'],
    });
    expect(value('aws_db_instance', 'orders').backup_retention_period).toBeGreaterThanOrEqual(7);
    expect(value('aws_db_instance', 'orders').monitoring_interval).toBeGreaterThan(0);
    expect(value('aws_db_parameter_group', 'payments').parameter).toContainEqual(expect.objectContaining({ name: 'rds.force_ssl', value: '1' }));
    expect(value('aws_elasticache_replication_group', 'payments')).toMatchObject({
      transit_encryption_enabled: true,
      at_rest_encryption_enabled: true,
      kms_key_id: '${aws_kms_key.platform.arn}',
      auth_token: '${random_password.cache_payments.result}',
    });
    expect(value('aws_secretsmanager_secret_rotation', 'cache_payments').rotation_rules[0].automatically_after_days).toBe(30);
    for (const name of ['db_orders', 'cache_orders', 'cache_payments']) {
      expect(value('aws_vpc_security_group_ingress_rule', name)).toMatchObject({
        referenced_security_group_id: '${aws_eks_cluster.main.vpc_config[0].cluster_security_group_id}',
      });
    }
  });

  it('opens only the load balancer to the internet, on 443 and 80, behind a web ACL with managed rules and a rate limit', async () => {
    const spec = VARIANTS['every kind of access, MySQL, two caches, two public services']();
    const resources = await parsedResources(generateTerraform(spec));
    const open = resources.filter((r) => JSON.stringify(r.value).includes('0.0.0.0/0') && r.kind.includes('security_group'));
    expect(open.map((r) => [r.name, (r.value as any).from_port])).toEqual([
      ['aws_vpc_security_group_ingress_rule.alb_443', 443],
      ['aws_vpc_security_group_ingress_rule.alb_80', 80],
    ]);
    const acl = resources.find((r) => r.kind === 'aws_wafv2_web_acl')!.value as any;
    expect(acl.name).toBe('core-platform-public');
    const rules = JSON.stringify(acl.rule);
    for (const group of ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesAmazonIpReputationList']) {
      expect(rules).toContain(group);
    }
    expect(rules).toContain('rate_based_statement');
    const wafLogs = resources.find((r) => r.name === 'aws_cloudwatch_log_group.waf')!.value as any;
    expect(wafLogs.name).toMatch(/^aws-waf-logs-/);
    // Both public services' pods admit the ALB on their ports.
    expect(resources.filter((r) => r.name.startsWith('aws_vpc_security_group_ingress_rule.pods_from_alb_')).map((r) => r.name).sort()).toEqual([
      'aws_vpc_security_group_ingress_rule.pods_from_alb_8080',
      'aws_vpc_security_group_ingress_rule.pods_from_alb_8443',
    ]);
  });
});

describe('IRSA roles', () => {
  it('grant exactly the ARNs of the spec, with the actions each access needs', async () => {
    const spec = VARIANTS['every kind of access, MySQL, two caches, two public services']();
    const resources = await parsedResources(generateTerraform(spec));
    const statements = policyOf(resources, 'service_orders');
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    const resourcesOf = (sid: string) => bySid[sid].Resource;
    expect(resourcesOf('S3Objects0')).toEqual(['arn:aws:s3:::shop-orders/incoming/*']);
    expect(bySid.S3Objects0.Action).toEqual(['s3:PutObject', 's3:AbortMultipartUpload']);
    expect(bySid.S3List0).toBeUndefined(); // write-only: no listing
    expect(resourcesOf('S3Objects1')).toEqual(['arn:aws:s3:::shop-orders/*']);
    expect(bySid.S3List1.Condition).toBeUndefined();
    expect(resourcesOf('S3Objects2')).toEqual(['arn:aws:s3:::shop.exports/daily/*']);
    expect(bySid.S3List2).toMatchObject({ Resource: ['arn:aws:s3:::shop.exports'], Condition: { StringLike: { 's3:prefix': ['daily/*'] } } });
    expect(bySid.PlatformKeyThroughS3).toMatchObject({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Condition: { StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com'] } } });
    expect(bySid.Keys).toMatchObject({ Resource: ['arn:aws:kms:eu-west-1:111122223333:key/0f9e8d7c-1234-4abc-9def-001122334455'], Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] });
    expect(bySid.Queue0.Action).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(bySid.Queue0.Action).not.toContain('sqs:SendMessage');
    expect(bySid.Queue1.Action).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:SendMessage']));
    expect(bySid.Topics).toMatchObject({ Action: ['sns:Publish'], Resource: ['arn:aws:sns:eu-west-1:111122223333:order-events'] });
    expect(resourcesOf('Table0')).toEqual(['arn:aws:dynamodb:eu-west-1:111122223333:table/orders', 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/*']);
    expect(bySid.Table0.Action).toContain('dynamodb:PutItem');
    expect(resourcesOf('Secrets')).toEqual([
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/orders/api-key-??????',
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/orders/signing-??????',
    ]);
    expect(resourcesOf('DatabaseIamAuthentication')).toEqual(['arn:aws:rds-db:us-east-1:111122223333:dbuser:${aws_db_instance.orders.resource_id}/orders']);
    expect(resourcesOf('CacheAuthToken')).toEqual(['${aws_secretsmanager_secret.cache_orders.arn}']);

    // Nothing else: every resource is one of the spec's, or a reference to what the platform creates for the service.
    const expected = new Set([
      'arn:aws:s3:::shop-orders/incoming/*', 'arn:aws:s3:::shop-orders/*', 'arn:aws:s3:::shop-orders', 'arn:aws:s3:::shop.exports/daily/*',
      'arn:aws:s3:::shop.exports', 'arn:aws:kms:eu-west-1:111122223333:key/0f9e8d7c-1234-4abc-9def-001122334455',
      'arn:aws:sqs:eu-west-1:111122223333:orders-in', 'arn:aws:sqs:eu-west-1:111122223333:orders-out',
      'arn:aws:sns:eu-west-1:111122223333:order-events', 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders',
      'arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/*',
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/orders/api-key-??????',
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/orders/signing-??????',
      'arn:aws:rds-db:us-east-1:111122223333:dbuser:${aws_db_instance.orders.resource_id}/orders',
      '${aws_secretsmanager_secret.cache_orders.arn}', '${aws_kms_key.platform.arn}',
    ]);
    expect(new Set(statements.flatMap((s) => s.Resource))).toEqual(expected);
  });

  it('trust exactly the service account, for STS tokens, through the cluster\'s OIDC provider', async () => {
    const resources = await parsedResources(generateTerraform(exampleSpec()));
    const [trust] = policyOf(resources, 'service_core-routing_trust');
    expect(trust).toMatchObject({
      Effect: 'Allow',
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Principal: { Federated: ['${aws_iam_openid_connect_provider.eks.arn}'] },
      Condition: {
        StringEquals: {
          '${local.oidc_issuer}:sub': ['system:serviceaccount:core-routing:core-routing'],
          '${local.oidc_issuer}:aud': ['sts.amazonaws.com'],
        },
      },
    });
    const role = resources.find((r) => r.name === 'aws_iam_role.service_core-routing');
    expect((role?.value as { name?: unknown }).name).toBe('core-platform-core-routing');
    const fluentBit = policyOf(resources, 'fluent_bit');
    expect(fluentBit[0].Resource).toEqual([
      'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/eks/core-platform/containers',
      'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/eks/core-platform/containers:log-stream:*',
    ]);
  });
});

describe('hostile spec strings', () => {
  it('stay text: no interpolation, attribute or block can be injected', async () => {
    const evil = 'x" ${aws_iam_role.admin.arn} %{ if true }\n}\nresource "aws_iam_user" "pwned" {';
    const spec = specWith([
      service('shop', { aws: { s3: [{ bucket: 'shop-data', prefix: evil, access: 'read' }], secrets: [evil] } }),
    ], { environment: evil, oidcProvider: `oidc.eks.eu-west-1.amazonaws.com/id/${evil}` });
    const files = generateTerraform(spec);
    const resources = await parsedResources(files);
    expect(resources.some((r) => r.kind === 'aws_iam_user')).toBe(false);
    const escaped = evil.replace(/([$%])\{/g, '$1$1{');
    const statements = policyOf(resources, 'service_shop');
    expect(statements.find((s) => s.Sid === 'S3Objects0')?.Resource).toEqual([`arn:aws:s3:::shop-data/${escaped}*`]);
    expect(statements.find((s) => s.Sid === 'Secrets')?.Resource).toEqual([`arn:aws:secretsmanager:eu-west-1:111122223333:secret:${escaped}-??????`]);
    const providers = files.find((f) => f.path === 'terraform/providers.tf')!;
    const { payload } = await parseTerraform(providers.path, providers.content);
    expect(JSON.stringify(payload.json)).toContain(JSON.stringify(escaped).slice(1, -1));
  });
});
