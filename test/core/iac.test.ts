import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  coverageOf, isModule, LinkSources, LinkTargets, linkSpec, moduleCall, moduleTrees, referencedResources, referrers, resolveLink, setting,
  stateOf, unitOf, UNKNOWN, type LinkSpec,
} from '../../src/core/iac.js';
import { buildModel } from '../../src/core/model.js';
import type { Resource } from '../../src/core/types.js';
import { loadContext, resourcesOf } from '../../src/inputs/index.js';
import { parseBytes } from '../../src/scan/read.js';

/** A resource as the inputs make one, enough for units and links. */
function fake(input: 'terraform' | 'cfn', kind: string, name: string, file: string, value: Record<string, unknown> = {}): Resource {
  return {
    input, kind, name, file, value, namespace: undefined, position: { line: 1, column: 1 }, locate: () => ({ line: 1, column: 1 }),
  } as unknown as Resource;
}

async function scan(files: Record<string, string>) {
  const sources = await Promise.all(Object.entries(files).map(async ([file, text]) => (await parseBytes(file, new TextEncoder().encode(text))).parsed));
  const context = loadContext(sources);
  return buildModel(sources.flatMap((s) => resourcesOf(s, context).resources));
}

describe('link indexes agree with resolveLink', () => {
  const files = ['infra/main.tf', 'infra/modules/net/main.tf', 'plans/plan.json', 'stack.yaml'];
  const names = ['core', 'edge', 'sessions'];
  const target = fc.record({
    file: fc.constantFrom(...files),
    module: fc.boolean(),
    name: fc.constantFrom(...names),
    id: fc.option(fc.constantFrom(...names, 'i-1'), { nil: undefined }),
    valueName: fc.option(fc.constantFrom(...names), { nil: undefined }),
    literal: fc.option(fc.constantFrom(...names), { nil: undefined }),
  });
  const toResource = (t: { file: string; module: boolean; name: string; id?: string; valueName?: string }): Resource => {
    const input = t.file.endsWith('.yaml') ? 'cfn' : 'terraform';
    const kind = t.module ? 'module' : input === 'cfn' ? 'AWS::IAM::Group' : 'aws_iam_group';
    const name = input === 'cfn' ? t.name : t.module ? `module.${t.name}` : `aws_iam_group.${t.name}`;
    return fake(input, kind, name, t.file, { ...(t.id ? { id: t.id } : {}), ...(t.valueName ? { name: t.valueName } : {}) });
  };
  const units = [...new Set(files.map((f) => unitOf(fake(f.endsWith('.yaml') ? 'cfn' : 'terraform', 'x', 'x', f)))), 'elsewhere'];
  const addresses = names.flatMap((n) => [n, `module.${n}`, `aws_iam_group.${n}`]);
  const spec: fc.Arbitrary<LinkSpec> = fc.oneof(
    fc.constant<LinkSpec>({ kind: 'other' }),
    fc.constant<LinkSpec>({ kind: 'unknown' }),
    fc.constantFrom(...units).map((unit): LinkSpec => ({ kind: 'outside', unit })),
    fc.record({ unit: fc.constantFrom(...units), address: fc.constantFrom(...addresses) }).map((s): LinkSpec => ({ kind: 'module', ...s })),
    fc.record({ unit: fc.constantFrom(...units), address: fc.constantFrom(...addresses) }).map((s): LinkSpec => ({ kind: 'address', ...s })),
    fc.constantFrom(...names).map((value): LinkSpec => ({ kind: 'literal', value })),
    fc.constantFrom(...names, 'i-1').map((value): LinkSpec => ({ kind: 'plan', value })),
  );

  it('LinkTargets: named and mayName', () => {
    fc.assert(
      fc.property(fc.array(target, { maxLength: 8 }), fc.array(spec, { maxLength: 6 }), (raw, specs) => {
        const resources = raw.map(toResource);
        const literal = new Map(resources.map((r, i) => [r, raw[i].literal ? [raw[i].literal!] : []]));
        const targets = new LinkTargets(resources, (r) => literal.get(r) ?? []);
        for (const s of specs) {
          expect(targets.named(s)).toEqual(resources.filter((r) => resolveLink(s, r, literal.get(r)) === 'this'));
          expect(targets.mayName(s)).toBe(resources.some((r) => resolveLink(s, r, literal.get(r)) === 'unknown'));
        }
      }),
    );
  });

  it('LinkSources: links and reaches', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 8 }), fc.array(target, { maxLength: 6 }), (specs, raw) => {
        const sources = new LinkSources<number>();
        specs.forEach((s, i) => sources.add(i, s));
        raw.forEach((t) => {
          const resource = toResource(t);
          const names = t.literal ? [t.literal] : [];
          const expected = specs
            .map((s, i) => ({ item: i, link: resolveLink(s, resource, names) }))
            .filter((l) => l.link !== 'other');
          expect(sources.links(resource, names)).toEqual(expected);
          expect(sources.reaches(resource, names)).toBe(expected.length > 0);
        });
      }),
    );
  });
});

describe('linkSpec', () => {
  const tf = fake('terraform', 'aws_flow_log', 'aws_flow_log.main', 'infra/main.tf');
  const plan = fake('terraform', 'aws_flow_log', 'aws_flow_log.main', 'plan.json');
  it('reads Terraform references, variables, module outputs and literals', () => {
    const unit = unitOf(tf);
    expect(linkSpec(tf, '${aws_vpc.main.id}')).toEqual({ kind: 'address', unit, address: 'aws_vpc.main' });
    expect(linkSpec(tf, '${var.vpc_id}')).toEqual({ kind: 'outside', unit });
    expect(linkSpec(tf, '${module.vpc.vpc_id}')).toEqual({ kind: 'module', unit, address: 'module.vpc' });
    expect(linkSpec(tf, '${data.aws_vpc.main.id}')).toEqual({ kind: 'unknown' });
    expect(linkSpec(tf, '${local.vpc}')).toEqual({ kind: 'unknown' });
    expect(linkSpec(tf, 'vpc-0abc')).toEqual({ kind: 'literal', value: 'vpc-0abc' });
    expect(linkSpec(tf, undefined)).toEqual({ kind: 'other' });
    expect(linkSpec(tf, UNKNOWN)).toEqual({ kind: 'unknown' });
    expect(linkSpec(plan, undefined)).toEqual({ kind: 'unknown' });
    expect(linkSpec(plan, 'vpc-0abc')).toEqual({ kind: 'plan', value: 'vpc-0abc' });
  });
});

const settingsModel = await scan({
    'infra/variables.tf': 'variable "enabled" {\n  default = true\n}\n',
    'infra/main.tf': [
      'resource "aws_security_group" "web" {',
      '  name = "web"',
      '  dynamic "ingress" {',
      '    for_each = var.rules',
      '    content {',
      '      from_port = 22',
      '    }',
      '  }',
      '}',
      'resource "aws_cloudtrail" "main" {',
      '  enable_logging = var.enabled',
      '  kms_key_id     = null',
      '}',
    ].join('\n'),
    'stack.yaml': [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Conditions:',
      '  Prod: !Equals [a, b]',
      'Resources:',
      '  Cluster:',
      '    Type: AWS::EKS::Cluster',
      '    Properties:',
      '      ResourcesVpcConfig: !If [Prod, {EndpointPublicAccess: false}, {EndpointPublicAccess: true}]',
      '      Version: {Ref: AWS::NoValue}',
    ].join('\n'),
});

describe('settings', () => {
  const model = settingsModel;
  const group = model.ofKind('aws_security_group')[0];
  const trail = model.ofKind('aws_cloudtrail')[0];
  const cluster = model.ofKind('AWS::EKS::Cluster')[0];
  it('is unknown behind dynamic blocks and CloudFormation functions', () => {
    expect(setting(group, 'ingress')).toBe(UNKNOWN);
    expect(setting(cluster, 'ResourcesVpcConfig', 'EndpointPublicAccess')).toBe(UNKNOWN);
  });
  it('states what the code says: known through variable defaults, absent when null or AWS::NoValue', () => {
    expect(stateOf(trail, 'enable_logging')).toEqual({ state: 'known', value: true });
    expect(stateOf(trail, 'kms_key_id')).toEqual({ state: 'absent' });
    expect(stateOf(trail, 'is_multi_region_trail')).toEqual({ state: 'absent' });
    expect(stateOf(cluster, 'Version')).toEqual({ state: 'absent' });
    expect(stateOf(cluster, 'ResourcesVpcConfig', 'EndpointPublicAccess')).toEqual({ state: 'unknown' });
  });
});

const joinsModel = await scan({
    'infra/main.tf': [
      'resource "aws_s3_bucket" "a" {',
      '  bucket = "core-a"',
      '}',
      'resource "aws_s3_bucket" "b" {',
      '  bucket = "core-b"',
      '}',
      'resource "aws_s3_bucket_public_access_block" "a" {',
      '  bucket = aws_s3_bucket.a.id',
      '}',
      'resource "aws_s3_bucket_public_access_block" "b" {',
      '  bucket = "core-b"',
      '}',
      'resource "aws_security_group" "lb" {',
      '  name = "lb"',
      '}',
      'resource "aws_lb" "public" {',
      '  security_groups = [aws_security_group.lb.id]',
      '}',
      'module "net" {',
      '  source = "./modules/net"',
      '}',
    ].join('\n'),
    'infra/modules/net/main.tf': 'resource "aws_s3_bucket" "a" {\n  bucket = "net-a"\n}\nresource "aws_lb" "other" {\n  security_groups = [aws_security_group.lb.id]\n}\n',
});

describe('joins', () => {
  const model = joinsModel;
  const [a, b] = model.ofKind('aws_s3_bucket');
  const group = model.ofKind('aws_security_group')[0];
  it('joins attachments to their subject by reference or literal name, within the module', () => {
    expect(coverageOf(model, a, 'aws_s3_bucket_public_access_block', ['bucket'], ['bucket', 'id']).covering.map((r) => r.name)).toEqual(['aws_s3_bucket_public_access_block.a']);
    expect(coverageOf(model, b, 'aws_s3_bucket_public_access_block', ['bucket'], ['bucket', 'id']).covering.map((r) => r.name)).toEqual(['aws_s3_bucket_public_access_block.b']);
    const child = model.ofKind('aws_s3_bucket')[2];
    expect(coverageOf(model, child, 'aws_s3_bucket_public_access_block', ['bucket'], ['bucket', 'id'])).toEqual({ covering: [], unknown: false });
  });
  it('follows references both ways, within the module', () => {
    const lb = model.ofKind('aws_lb')[0];
    expect(referencedResources(model, lb, setting(lb, 'security_groups'), 'aws_security_group')).toEqual([group]);
    expect(referrers(model, group, ['aws_lb'], { terraform: ['security_groups'] })).toEqual([lb]);
  });
  it('trees hold the root module and its local children', () => {
    const trees = moduleTrees(model);
    expect(trees.map((t) => t.unit.id)).toEqual(['infra']);
    expect(trees[0].resources).toHaveLength(model.resources.length);
    expect(trees[0].unscanned).toEqual([]);
  });
});

describe('module calls', () => {
  const call = (source: string) => fake('terraform', 'module', 'module.m', 'main.tf', { source });
  it('knows terraform-aws-modules sources from the registry and GitHub', () => {
    expect(moduleCall(call('terraform-aws-modules/eks/aws'))).toEqual({ name: 'eks', submodule: '' });
    expect(moduleCall(call('registry.terraform.io/terraform-aws-modules/vpc/aws'))).toEqual({ name: 'vpc', submodule: '' });
    expect(moduleCall(call('terraform-aws-modules/eks/aws//modules/karpenter'))).toEqual({ name: 'eks', submodule: 'modules/karpenter' });
    expect(moduleCall(call('git::https://github.com/terraform-aws-modules/terraform-aws-ecr.git?ref=v2.0.0'))).toEqual({ name: 'ecr', submodule: '' });
    expect(isModule(call('app.terraform.io/terraform-aws-modules/ecr/aws'), 'ecr')).toBe(true);
    expect(isModule(call('terraform-aws-modules/vpc/aws//modules/vpc-endpoints'), 'vpc')).toBe(false);
    expect(moduleCall(call('./modules/net'))).toBeUndefined();
  });
});
