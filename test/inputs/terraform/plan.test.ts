import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import type { KeyPath, Resource } from '../../../src/core/types.js';
import { parseYamlStream } from '../../../src/inputs/yaml/parse.js';
import { isTerraformPlan, planResources } from '../../../src/inputs/terraform/plan.js';
import type { TerraformResource } from '../../../src/inputs/terraform/resources.js';

const planText = readFileSync(new URL('./fixtures/plan.json', import.meta.url), 'utf8');

function resourcesOf(text: string): Resource[] {
  const { documents, errors } = parseYamlStream(text, 'plan.json');
  expect(errors).toEqual([]);
  return planResources(documents, 'plan.json');
}

const where = (resource: Resource, path: KeyPath): [number, number] => {
  const { line, column } = resource.locate(path);
  return [line, column];
};

describe('isTerraformPlan', () => {
  it('recognises terraform show -json output by format_version with values or changes', () => {
    expect(isTerraformPlan(JSON.parse(planText))).toBe(true);
    expect(isTerraformPlan({ format_version: '1.0', values: { root_module: {} } })).toBe(true);
    expect(isTerraformPlan({ format_version: '1.2', resource_changes: [] })).toBe(true);
    expect(isTerraformPlan({ format_version: '1.2' })).toBe(false);
    expect(isTerraformPlan({ format_version: 1, planned_values: {} })).toBe(false);
    expect(isTerraformPlan({ Version: '2012-10-17', Statement: [] })).toBe(false);
    expect(isTerraformPlan([{ format_version: '1.2', planned_values: {} }])).toBe(false);
  });
});

describe('planResources', () => {
  const resources = resourcesOf(planText);

  it('gives one resource per planned resource, child modules included, named by address', () => {
    expect(resources.map((r) => [r.input, r.kind, r.name, r.namespace, r.file, r.position.line])).toEqual([
      ['terraform', 'aws_iam_role', 'aws_iam_role.core_routing', undefined, 'plan.json', 8],
      ['terraform', 'aws_kms_key', 'aws_kms_key.eks', undefined, 'plan.json', 29],
      ['terraform', 'aws_vpc', 'module.vpc.aws_vpc.this[0]', undefined, 'plan.json', 48],
    ]);
    expect(resources[2].value).toEqual({ cidr_block: '10.0.0.0/16', enable_dns_support: true });
  });

  it('decodes JSON policy strings into the value, keeping the originals', () => {
    const role = resources[0] as TerraformResource;
    expect(role.value).toEqual({
      name: 'core-routing-sa-role',
      assume_role_policy: {
        Statement: [
          {
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:core-routing:core-routing' } },
            Effect: 'Allow',
            Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC' },
          },
        ],
        Version: '2012-10-17',
      },
      inline_policy: [
        { name: 'routing-config', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }] } },
      ],
      max_session_duration: 3600,
      tags: null,
    });
    expect(role.decoded.map(({ path, from, original }) => [path, from, original.slice(0, 15)])).toEqual([
      [['assume_role_policy'], 'json', '{"Statement":[{'],
      [['inline_policy', 0, 'policy'], 'json', '{"Version":"201'],
    ]);
  });

  it('locates values in the plan document; inside a decoded string, at the string', () => {
    const role = resources[0];
    expect(where(role, ['name'])).toEqual([15, 13]);
    expect(where(role, ['inline_policy', 0, 'name'])).toEqual([19, 17]);
    expect(where(role, ['assume_role_policy', 'Statement', 0, 'Condition'])).toEqual([16, 13]);
    expect(where(role, ['inline_policy', 0, 'policy', 'Statement'])).toEqual([20, 17]);
    expect(where(resources[2], ['cidr_block'])).toEqual([55, 27]);
  });

  it('reads state output (values) and, without values, the planned changes', () => {
    const state = resourcesOf(JSON.stringify({ format_version: '1.0', values: { root_module: { resources: [{ address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', values: { bucket: 'b' } }] } } }));
    expect(state.map((r) => [r.kind, r.name, r.value])).toEqual([['aws_s3_bucket', 'aws_s3_bucket.b', { bucket: 'b' }]]);
    const changes = resourcesOf(
      JSON.stringify({
        format_version: '1.2',
        resource_changes: [
          { address: 'data.aws_iam_policy_document.x', mode: 'data', type: 'aws_iam_policy_document', change: { after: { json: '{"Statement":[]}' } } },
          { address: 'aws_s3_bucket.gone', mode: 'managed', type: 'aws_s3_bucket', change: { actions: ['delete'], after: null } },
        ],
      }),
    );
    expect(changes.map((r) => [r.kind, r.name, r.value])).toEqual([
      ['data.aws_iam_policy_document', 'data.aws_iam_policy_document.x', { json: { Statement: [] }, __policy: { Statement: [] } }],
    ]);
    // The rendered policy is located at its `json` string.
    expect(changes[0].locate(['__policy', 'Statement'])).toEqual(changes[0].locate(['json']));
    expect(changes[0].locate(['json'])).not.toEqual(changes[0].position);
  });

  it('skips documents that are not plans and resources without a type or address', () => {
    expect(resourcesOf('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}')).toEqual([]);
    expect(resourcesOf(JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'a.b' }, 'junk', { type: 'a' }], child_modules: 'junk' } } }))).toEqual([]);
  });

  it('leaves strings that are not JSON objects alone, and refuses documents nested too deeply', () => {
    const deep = `${'['.repeat(70)}{}${']'.repeat(70)}`;
    const [resource] = resourcesOf(
      JSON.stringify({
        format_version: '1.2',
        planned_values: { root_module: { resources: [{ address: 'a.b', type: 'a', values: { list: '[1, 2]', text: '{not json}', deep, ok: '[{"a": 1}]' } }] } },
      }),
    );
    expect(resource.value).toEqual({ list: '[1, 2]', text: '{not json}', deep, ok: [{ a: 1 }] });
  });
});
