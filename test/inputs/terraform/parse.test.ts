import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { MAX_HCL_SIZE, parseHclObjectExpression, parseTerraform } from '../../../src/inputs/terraform/parse.js';
import { resolveReference } from '../../../src/inputs/terraform/file.js';
import { MAX_NESTING } from '../../../src/inputs/terraform/scan.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseTerraform: hcl2json output', () => {
  it('gives blocks as lists of objects under their labels, expressions as ${...} strings, heredocs as text', async () => {
    const text = [
      'terraform {',
      '  required_version = ">= 1.5"',
      '  backend "s3" { bucket = "tf-state" }',
      '}',
      'provider "aws" { region = var.region }',
      'variable "region" { default = "eu-west-1" }',
      'locals { name = "core" }',
      'locals { n = 3 }',
      'resource "aws_s3_bucket" "b" {',
      '  bucket = "core-${local.name}"',
      '  tags   = { team = "core" }',
      '  versioning { enabled = true }',
      '  rule { id = "a" }',
      '  rule { id = "b" }',
      '  policy = jsonencode({ Version = "2012-10-17" })',
      '  doc = <<-EOT',
      '    {"a": 1}',
      '    EOT',
      '}',
      'data "aws_caller_identity" "current" {}',
      'module "vpc" { source = "./vpc" }',
    ].join('\n');
    const { payload, errors } = await parseTerraform('main.tf', text);
    expect(errors).toEqual([]);
    expect(payload.json).toEqual({
      terraform: [{ required_version: '>= 1.5', backend: { s3: [{ bucket: 'tf-state' }] } }],
      provider: { aws: [{ region: '${var.region}' }] },
      variable: { region: [{ default: 'eu-west-1' }] },
      locals: [{ name: 'core' }, { n: 3 }],
      resource: {
        aws_s3_bucket: {
          b: [
            {
              bucket: 'core-${local.name}',
              tags: { team: 'core' },
              versioning: [{ enabled: true }],
              rule: [{ id: 'a' }, { id: 'b' }],
              policy: '${jsonencode({ Version = "2012-10-17" })}',
              doc: '{"a": 1}\n',
            },
          ],
        },
      },
      data: { aws_caller_identity: { current: [{}] } },
      module: { vpc: [{ source: './vpc' }] },
    });
    expect(payload.variables).toEqual({ region: 'eu-west-1' });
    expect(payload.locals).toEqual({ name: 'core', n: 3 });
  });

  it('decodes the documents that strings hold: jsonencode arguments re-parsed, heredoc JSON parsed', async () => {
    const { payload, errors } = await parseTerraform('eks.tf', fixture('eks.tf'));
    expect(errors).toEqual([]);
    const summary = payload.decoded.map(({ block, path, from }) => `${block.join('.')} ${path.join('.')} ${from}`).sort();
    expect(summary).toEqual([
      'resource.aws_iam_role.core_routing.0 assume_role_policy jsonencode',
      'resource.aws_iam_role.core_routing.0 inline_policy.0.policy json',
      'resource.aws_kms_key.eks.0 policy jsonencode',
      'resource.aws_s3_bucket_policy.sessions.0 policy json',
    ]);
    const trust = payload.decoded.find((entry) => entry.path[0] === 'assume_role_policy');
    expect(trust?.value).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: '${aws_iam_openid_connect_provider.eks.arn}' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              '${local.oidc_provider}:sub': 'system:serviceaccount:core-routing:core-routing',
              '${local.oidc_provider}:aud': 'sts.amazonaws.com',
            },
          },
        },
      ],
    });
    expect(payload.variables).toEqual({ cluster_name: 'core-eks' });
    expect(payload.locals).toEqual({
      oidc_provider: '${replace(aws_iam_openid_connect_provider.eks.url, "https://", "")}',
      routing_sa: 'system:serviceaccount:core-routing:core-routing',
      log_types: ['api', 'audit', 'authenticator'],
    });
  });

  it('decodes policies that name a local or variable holding a document', async () => {
    const text = [
      'variable "trust" { default = "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": []}" }',
      'locals {',
      '  policy_json = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })',
      '  doc         = { Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }] }',
      '}',
      'resource "aws_iam_policy" "a" { policy = local.policy_json }',
      'resource "aws_iam_policy" "b" { policy = jsonencode(local.doc) }',
      'resource "aws_iam_role" "c" { assume_role_policy = var.trust }',
      'resource "aws_iam_policy" "d" { policy = local.unknown }',
    ].join('\n');
    const { payload, errors } = await parseTerraform('refs.tf', text);
    expect(errors).toEqual([]);
    const byBlock = Object.fromEntries(
      payload.decoded.filter((entry) => entry.block[0] === 'resource').map((entry) => [String(entry.block[2]), [entry.from, entry.value]]),
    );
    expect(byBlock).toEqual({
      a: ['reference', { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
      b: ['reference', { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }],
      c: ['reference', { Version: '2012-10-17', Statement: [] }],
    });
  });

  it('re-parses all jsonencode arguments of a file at once, and one at a time when one of them does not stand alone', async () => {
    const text = [
      'resource "aws_iam_policy" "a" {',
      '  policy = jsonencode({ Statement = [] })',
      '}',
      'resource "aws_iam_policy" "b" {',
      '  policy = jsonencode(var.strict',
      '    ? { Statement = [] }',
      '    : { Statement = [{ Effect = "Allow" }] })',
      '}',
      'resource "aws_ecs_task_definition" "c" {',
      '  container_definitions = jsonencode([{ name = "app", image = "app:1" }])',
      '}',
    ].join('\n');
    const { payload, errors } = await parseTerraform('batch.tf', text);
    expect(errors).toEqual([]);
    const decoded = payload.decoded.map(({ block, path, value }) => [block[2], path[0], value]);
    expect(decoded.sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      ['a', 'policy', { Statement: [] }],
      ['c', 'container_definitions', [{ name: 'app', image: 'app:1' }]],
    ]);
  });
});

describe('parseTerraform: errors', () => {
  it('reports a syntax error with its line and gives an empty payload', async () => {
    const { payload, errors } = await parseTerraform('broken.tf', fixture('broken.tf'));
    expect(errors).toEqual([
      {
        file: 'broken.tf',
        line: 7,
        message: 'Terraform syntax error: Invalid expression; Expected the start of an expression, but found an invalid expression token.',
      },
    ]);
    expect(payload.json).toEqual({});
    expect(payload.decoded).toEqual([]);
  });

  it('reports each diagnostic, with the lines it cites', async () => {
    const { errors } = await parseTerraform('dup.tf', 'resource "a" "b" {\n  x = 1\n  x = 2\n}\nresource "c" "d" {\n');
    expect(errors).toEqual([
      {
        file: 'dup.tf',
        line: 3,
        message: 'Terraform syntax error: Attribute redefined; The argument "x" was already set at line 2. Each argument may be set only once.',
      },
      {
        file: 'dup.tf',
        line: 5,
        message:
          'Terraform syntax error: Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
      },
    ]);
  });

  it('refuses nesting that would crash hcl2json, with its line, and keeps working after', async () => {
    const deep = `locals {\n  ok = 1\n  x = ${'['.repeat(5000)}${']'.repeat(5000)}\n}\n`;
    const { payload, errors } = await parseTerraform('deep.tf', deep);
    expect(errors).toEqual([{ file: 'deep.tf', line: 3, message: `Terraform: nesting deeper than ${MAX_NESTING} levels; file not parsed` }]);
    expect(payload.json).toEqual({});
    const after = await parseTerraform('after.tf', 'a = 1\n');
    expect(after.payload.json).toEqual({ a: 1 });
  });

  it('parses the deepest accepted nesting, with the longest accepted operator chains inside', async () => {
    // 85 levels of mixed brackets and templates (the template pair counts twice) is the limit.
    const open = ['{a = ', '[', 'f(', '(', '"${', '"%{if x}${'];
    const close = ['}', ']', ')', ')', '}"', '}%{endif}"'];
    let before = '';
    let after = '';
    for (let level = 0; level < 85; level++) {
      before += open[level % open.length];
      after = close[level % close.length] + after;
    }
    const inner = `${'a ? 1 : '.repeat(1000)}${'-'.repeat(100)}b${'[*]'.repeat(1000)}`;
    const { payload, errors } = await parseTerraform('worst.tf', `x = ${before}${inner}${after}\n`);
    expect(errors).toEqual([]);
    expect(Object.keys(payload.json)).toEqual(['x']);
    const deeper = await parseTerraform('worse.tf', `x = ${before}{a = ${inner}}${after}\n`);
    expect(deeper.errors.map((error) => error.message)).toEqual([`Terraform: nesting deeper than ${MAX_NESTING} levels; file not parsed`]);
  });

  it('refuses files over the size limit without parsing them', async () => {
    const { errors } = await parseTerraform('huge.tf', `# ${'x'.repeat(MAX_HCL_SIZE)}\n`);
    expect(errors).toEqual([{ file: 'huge.tf', message: 'Terraform file larger than 4 MiB; not parsed' }]);
  });
});

describe('parseTerraform: payload', () => {
  it('survives structured cloning (it crosses worker threads)', async () => {
    const { payload } = await parseTerraform('eks.tf', fixture('eks.tf'));
    expect(structuredClone(payload)).toEqual(payload);
  });

  it('parses many files concurrently, each into its own payload', async () => {
    const texts = Array.from({ length: 1000 }, (_, n) => `resource "aws_s3_bucket" "b${n}" {\n  bucket = "bucket-${n}"\n  policy = jsonencode({ Id = "p${n}" })\n}\n`);
    const results = await Promise.all(texts.map((text, n) => parseTerraform(`f${n}.tf`, text)));
    results.forEach(({ payload, errors }, n) => {
      expect(errors).toEqual([]);
      expect(payload.json).toEqual({ resource: { aws_s3_bucket: { [`b${n}`]: [{ bucket: `bucket-${n}`, policy: `\${jsonencode({ Id = "p${n}" })}` }] } } });
      expect(payload.decoded).toEqual([{ block: ['resource', 'aws_s3_bucket', `b${n}`, 0], path: ['policy'], from: 'jsonencode', value: { Id: `p${n}` } }]);
    });
  });
});

describe('parseHclObjectExpression', () => {
  it('turns object and tuple constructors into data, leaving references and other expressions as ${...} strings', async () => {
    const value = await parseHclObjectExpression(
      '{\n  Version = "2012-10-17"\n  Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::b/*" }]\n' +
        '  Principal = { AWS = aws_iam_role.x.arn }\n  Sid = "a-${var.env}"\n  Count = 1 + 2\n  Keys = [for k in var.keys : k]\n}',
    );
    expect(value).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' }],
      Principal: { AWS: '${aws_iam_role.x.arn}' },
      Sid: 'a-${var.env}',
      Count: '${1 + 2}',
      Keys: '${[for k in var.keys : k]}',
    });
  });

  it('is undefined for text that is not exactly one expression', async () => {
    expect(await parseHclObjectExpression('{ a = ')).toBeUndefined();
    expect(await parseHclObjectExpression('1\ny = 2')).toBeUndefined();
    expect(await parseHclObjectExpression(`${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)}`)).toBeUndefined();
  });
});

describe('resolveReference', () => {
  const scope = {
    variables: { region: 'eu-west-1', tags: { team: 'core' }, computed: '${data.x.y}', nothing: null },
    locals: { name: 'core', arn: '${aws_s3_bucket.b.arn}', list: ['a', '$${literal}'], nested: { a: ['${var.x}'] } },
  };

  it('resolves var.NAME to a literal default and local.NAME to a literal value', () => {
    expect(resolveReference('${var.region}', scope)).toBe('eu-west-1');
    expect(resolveReference('var.tags', scope)).toEqual({ team: 'core' });
    expect(resolveReference('${var.nothing}', scope)).toBeNull();
    expect(resolveReference('${local.name}', scope)).toBe('core');
    expect(resolveReference('${local.list}', scope)).toEqual(['a', '$${literal}']);
  });

  it('is undefined (unknown) for everything else', () => {
    expect(resolveReference('${var.computed}', scope)).toBeUndefined();
    expect(resolveReference('${local.arn}', scope)).toBeUndefined();
    expect(resolveReference('${local.nested}', scope)).toBeUndefined();
    expect(resolveReference('${var.missing}', scope)).toBeUndefined();
    expect(resolveReference('${var.region}-suffix', scope)).toBeUndefined();
    expect(resolveReference('${local.name.attr}', scope)).toBeUndefined();
    expect(resolveReference('${var.tags["team"]}', scope)).toBeUndefined();
    expect(resolveReference('${local.__proto__}', scope)).toBeUndefined();
  });
});
