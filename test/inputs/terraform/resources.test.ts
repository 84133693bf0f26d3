import { readFileSync } from 'node:fs';
import { beforeAll, describe, it, expect } from 'vitest';
import type { KeyPath, Resource } from '../../../src/core/types.js';
import { normalizePolicy } from '../../../src/core/iam/policy.js';
import { parseTerraform } from '../../../src/inputs/terraform/parse.js';
import type { TerraformFile } from '../../../src/inputs/terraform/file.js';
import { terraformResources, type TerraformResource } from '../../../src/inputs/terraform/resources.js';

const text = readFileSync(new URL('./fixtures/eks.tf', import.meta.url), 'utf8');
let payload: TerraformFile;
let resources: Resource[];
const byName = (name: string): Resource => {
  const found = resources.find((resource) => resource.name === name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
};
const where = (resource: Resource, path: KeyPath): [number, number] => {
  const { line, column } = resource.locate(path);
  return [line, column];
};

beforeAll(async () => {
  const parsed = await parseTerraform('infra/eks.tf', text);
  expect(parsed.errors).toEqual([]);
  payload = parsed.payload;
  resources = terraformResources(payload, 'infra/eks.tf');
});

describe('terraformResources', () => {
  it('gives one resource per resource, data and module block, in source order, at its header', () => {
    expect(resources.map((r) => [r.input, r.kind, r.name, r.namespace, r.file, r.position.line, r.position.column])).toEqual([
      ['terraform', 'aws_kms_key', 'aws_kms_key.eks', undefined, 'infra/eks.tf', 24, 1],
      ['terraform', 'aws_eks_cluster', 'aws_eks_cluster.core', undefined, 'infra/eks.tf', 41, 1],
      ['terraform', 'aws_iam_openid_connect_provider', 'aws_iam_openid_connect_provider.eks', undefined, 'infra/eks.tf', 62, 1],
      ['terraform', 'aws_iam_role', 'aws_iam_role.core_routing', undefined, 'infra/eks.tf', 69, 1],
      ['terraform', 'aws_iam_role_policy', 'aws_iam_role_policy.core_routing', undefined, 'infra/eks.tf', 103, 1],
      ['terraform', 'data.aws_iam_policy_document', 'data.aws_iam_policy_document.core_routing', undefined, 'infra/eks.tf', 109, 1],
      ['terraform', 'aws_s3_bucket', 'aws_s3_bucket.sessions', undefined, 'infra/eks.tf', 136, 1],
      ['terraform', 'aws_s3_bucket_policy', 'aws_s3_bucket_policy.sessions', undefined, 'infra/eks.tf', 145, 1],
      ['terraform', 'module', 'module.vpc', undefined, 'infra/eks.tf', 164, 1],
    ]);
  });

  it("gives the block's arguments as its value, nested blocks as lists", () => {
    expect(byName('aws_eks_cluster.core').value).toEqual({
      name: '${var.cluster_name}',
      role_arn: '${aws_iam_role.cluster.arn}',
      version: '1.29',
      enabled_cluster_log_types: '${local.log_types}',
      vpc_config: [{ subnet_ids: '${module.vpc.private_subnets}', endpoint_private_access: true, endpoint_public_access: false }],
      encryption_config: [{ provider: [{ key_arn: '${aws_kms_key.eks.arn}' }], resources: ['secrets'] }],
    });
    expect(byName('module.vpc').value).toEqual({
      source: 'terraform-aws-modules/vpc/aws',
      version: '5.5.0',
      name: 'core',
      private_subnets: ['10.0.1.0/24', '10.0.2.0/24'],
      tags: { Terraform: 'true' },
    });
  });

  it('locates attributes, nested blocks, object keys and list items at their exact line and column', () => {
    const cluster = byName('aws_eks_cluster.core');
    expect(where(cluster, ['vpc_config', 0, 'endpoint_public_access'])).toEqual([51, 5]);
    expect(where(cluster, ['encryption_config', 0])).toEqual([54, 3]);
    expect(where(cluster, ['encryption_config', 0, 'provider', 0, 'key_arn'])).toEqual([56, 7]);
    expect(where(cluster, ['encryption_config', 0, 'resources', 0])).toEqual([58, 18]);
    expect(where(byName('aws_s3_bucket.sessions'), ['tags', 'data-class'])).toEqual([141, 5]);
    expect(where(byName('module.vpc'), ['private_subnets', 1])).toEqual([169, 37]);
  });

  it('locates the nearest ancestor of a path that is not written', () => {
    const cluster = byName('aws_eks_cluster.core');
    expect(where(cluster, ['encryption_config', 0, 'provider', 3])).toEqual([55, 5]);
    expect(where(cluster, ['access_config', 0, 'authentication_mode'])).toEqual([41, 1]);
    expect(where(cluster, [])).toEqual([41, 1]);
  });

  it('replaces strings that hold documents by their data and keeps the originals', () => {
    const role = byName('aws_iam_role.core_routing') as TerraformResource;
    const value = role.value as { assume_role_policy: unknown; inline_policy: Array<{ name: string; policy: unknown }>; name: string };
    expect(value.name).toBe('core-routing-sa-role');
    expect(value.inline_policy[0].name).toBe('routing-config');
    expect(value.inline_policy[0].policy).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: 'arn:aws:ssm:*:*:parameter/core-routing/*' }],
    });
    expect(role.decoded.map(({ path, from, original }) => [path, from, original.slice(0, 24)])).toEqual([
      [['inline_policy', 0, 'policy'], 'json', '{\n  "Version": "2012-10-'],
      [['assume_role_policy'], 'jsonencode', '${jsonencode({\n    Versi'],
    ]);
    // The payload itself is untouched.
    expect(typeof (payload.json.resource as any).aws_iam_role.core_routing[0].assume_role_policy).toBe('string');
  });

  it('locates inside decoded documents: jsonencode objects and heredoc JSON', () => {
    const role = byName('aws_iam_role.core_routing');
    expect(where(role, ['assume_role_policy'])).toEqual([71, 3]);
    expect(where(role, ['assume_role_policy', 'Statement', 0, 'Condition'])).toEqual([77, 7]);
    expect(where(role, ['assume_role_policy', 'Statement', 0, 'Condition', 'StringEquals', '${local.oidc_provider}:sub'])).toEqual([79, 11]);
    expect(where(role, ['inline_policy', 0, 'name'])).toEqual([87, 5]);
    expect(where(role, ['inline_policy', 0, 'policy', 'Statement', 0, 'Action'])).toEqual([94, 13]);
    expect(where(role, ['inline_policy', 0, 'policy', 'Statement', 0, 'Action', 0])).toEqual([94, 24]);
    expect(where(byName('aws_kms_key.eks'), ['policy', 'Statement', 0, 'Action'])).toEqual([34, 9]);
    expect(where(byName('aws_s3_bucket_policy.sessions'), ['policy', 'Statement', 0, 'Condition'])).toEqual([157, 7]);
  });

  it('gives the same resources from a structured clone of the payload', () => {
    const cloned = terraformResources(structuredClone(payload), 'infra/eks.tf');
    expect(cloned.map((r) => [r.name, r.value, r.locate(['policy', 'Statement', 0])])).toEqual(
      resources.map((r) => [r.name, r.value, r.locate(['policy', 'Statement', 0])]),
    );
  });

  it('exposes the file scope for resolving var. and local. references', () => {
    const cluster = byName('aws_eks_cluster.core') as TerraformResource;
    expect(cluster.scope.variables).toEqual({ cluster_name: 'core-eks' });
    expect(cluster.scope.locals.routing_sa).toBe('system:serviceaccount:core-routing:core-routing');
  });

  it('gives nothing for a file that did not parse', async () => {
    const broken = await parseTerraform('broken.tf', readFileSync(new URL('./fixtures/broken.tf', import.meta.url), 'utf8'));
    expect(terraformResources(broken.payload, 'broken.tf')).toEqual([]);
  });
});

describe('policies', () => {
  it('points findings of the IAM model at the lines of a jsonencode trust policy', () => {
    const role = byName('aws_iam_role.core_routing');
    const { statements, problems } = normalizePolicy((role.value as Record<string, unknown>).assume_role_policy, ['assume_role_policy']);
    expect(problems).toEqual([]);
    // hcl2json orders object keys alphabetically.
    expect(statements[0].conditions.map((c) => [c.operator, c.key, c.values])).toEqual([
      ['StringEquals', '${local.oidc_provider}:aud', ['sts.amazonaws.com']],
      ['StringEquals', '${local.oidc_provider}:sub', ['system:serviceaccount:core-routing:core-routing']],
    ]);
    const line = (path: KeyPath | undefined): number => role.locate(path ?? []).line;
    expect(line(statements[0].paths.Principal)).toBe(75);
    expect(line(statements[0].paths.Action)).toBe(76);
    expect(line(statements[0].conditions[0].path)).toBe(80);
    expect(line(statements[0].conditions[1].path)).toBe(79);
  });

  it('puts the policy of a policy-document data source under __policy, in the IAM JSON shape', () => {
    const value = byName('data.aws_iam_policy_document.core_routing').value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['statement', '__policy']);
    expect(value.__policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadSessions',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: ['${aws_s3_bucket.sessions.arn}', '${aws_s3_bucket.sessions.arn}/routing/*'],
        },
        {
          Effect: 'Deny',
          Action: ['s3:*'],
          Resource: ['*'],
          Principal: { AWS: ['*'] },
          Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
        },
      ],
    });
  });

  it("locates __policy paths at the statement blocks' attributes", () => {
    const resource = byName('data.aws_iam_policy_document.core_routing');
    const at = (...path: KeyPath): [number, number] => where(resource, ['__policy', ...path]);
    expect(at()).toEqual([109, 1]);
    expect(at('Statement', 0)).toEqual([110, 3]);
    expect(at('Statement', 0, 'Effect')).toEqual([110, 3]); // the provider's default: the statement itself
    expect(at('Statement', 0, 'Sid')).toEqual([111, 5]);
    expect(at('Statement', 0, 'Action', 1)).toEqual([112, 34]);
    expect(at('Statement', 1, 'Effect')).toEqual([120, 5]);
    expect(at('Statement', 1, 'Principal')).toEqual([123, 5]);
    expect(at('Statement', 1, 'Principal', 'AWS', 0)).toEqual([125, 22]);
    expect(at('Statement', 1, 'Condition', 'Bool')).toEqual([128, 7]);
    expect(at('Statement', 1, 'Condition', 'Bool', 'aws:SecureTransport')).toEqual([129, 7]);
    expect(at('Statement', 1, 'Condition', 'Bool', 'aws:SecureTransport', 0)).toEqual([130, 19]);
    expect(where(resource, ['statement', 1, 'principals', 0, 'type'])).toEqual([124, 7]);
  });

  it('points findings of the IAM model at the statement blocks', () => {
    const resource = byName('data.aws_iam_policy_document.core_routing');
    const { statements, problems } = normalizePolicy((resource.value as Record<string, unknown>).__policy, ['__policy']);
    expect(problems).toEqual([]);
    expect(statements.map((s) => [s.effect, s.actions, s.principal])).toEqual([
      ['Allow', ['s3:GetObject', 's3:ListBucket'], undefined],
      ['Deny', ['s3:*'], { AWS: ['*'], Service: [], Federated: [], CanonicalUser: [] }],
    ]);
    expect(resource.locate(statements[1].valuePaths.Action[0]).line).toBe(121);
    expect(resource.locate(statements[1].paths.Principal!).line).toBe(123);
  });
});
