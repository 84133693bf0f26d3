import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudFormationResources, resolveRef, templateOf } from '../../../src/inputs/cfn/resources.js';
import { CFN_TAGS } from '../../../src/inputs/cfn/tags.js';
import { parseYamlStream } from '../../../src/inputs/yaml/parse.js';
import type { Resource } from '../../../src/core/types.js';
import { get } from '../../../src/core/values.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

function load(text: string, file = 'template.yaml') {
  const stream = parseYamlStream(text, file, { customTags: CFN_TAGS });
  expect(stream.errors).toEqual([]);
  return cloudFormationResources(stream.documents, file);
}

function byName(resources: Resource[], name: string): Resource {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

describe('CloudFormation templates as resources', () => {
  const yaml = load(fixture('service.yaml'), 'service.yaml');
  const json = load(fixture('service.json'), 'service.json');

  it('makes one resource per Resources entry, at its logical id', () => {
    expect(yaml.errors).toEqual([]);
    expect(yaml.resources.map((r) => [r.input, r.kind, r.name, r.namespace, r.file, r.position])).toEqual([
      ['cfn', 'AWS::S3::Bucket', 'LogsBucket', undefined, 'service.yaml', { line: 19, column: 3 }],
      ['cfn', 'AWS::KMS::Key', 'LogsKey', undefined, 'service.yaml', { line: 32, column: 3 }],
      ['cfn', 'AWS::IAM::Role', 'RoutingRole', undefined, 'service.yaml', { line: 44, column: 3 }],
      ['cfn', 'AWS::Logs::LogGroup', 'LogGroup', undefined, 'service.yaml', { line: 80, column: 3 }],
    ]);
    expect(byName(yaml.resources, 'LogsBucket').value).toMatchObject({ Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' });
  });

  it('gives YAML short forms and JSON long forms the same data', () => {
    expect(json.errors).toEqual([]);
    expect(json.resources.map((r) => r.name)).toEqual(['LogsBucket', 'LogsKey', 'RoutingRole', 'LogGroup']);
    for (const resource of yaml.resources) expect(byName(json.resources, resource.name).value).toEqual(resource.value);
    expect(templateOf(yaml.resources[0])).toEqual(templateOf(json.resources[0]));
  });

  it('locates keys of the IAM role, inside trust policy, inline policies and Fn::If', () => {
    const role = byName(yaml.resources, 'RoutingRole');
    expect(role.locate(['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Action'])).toEqual({ line: 54, column: 13 });
    expect(role.locate(['Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0, 'Resource', 1]).line).toBe(69);
    expect(role.locate(['Properties', 'Policies', 1, 'Fn::If', 1, 'PolicyDocument', 'Statement', 0, 'Action']).line).toBe(77);
    expect(role.locate(['Properties', 'Policies', 1, 'Fn::If', 2]).line).toBe(79);
    const jsonRole = byName(json.resources, 'RoutingRole');
    expect(jsonRole.position.line).toBe(61);
    expect(jsonRole.locate(['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Action']).line).toBe(73);
    expect(jsonRole.locate(['Properties', 'Policies', 1, 'Fn::If']).line).toBe(97);
    expect(jsonRole.locate(['Properties', 'Policies', 1, 'Fn::If', 1, 'PolicyDocument', 'Statement', 0, 'Action']).line).toBe(103);
  });

  it('stops a path into a scalar short form at the tagged value, not at its next sibling', () => {
    const bucket = byName(yaml.resources, 'LogsBucket');
    expect(bucket.locate(['Properties', 'BucketName', 'Fn::Sub'])).toEqual({ line: 23, column: 7 });
    const sse = ['Properties', 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault'];
    expect(bucket.locate([...sse, 'KMSMasterKeyID', 'Fn::GetAtt', 1]).line).toBe(28);
    expect(bucket.locate(['Properties', 'Tags', 0, 'Value', 'Ref']).line).toBe(31);
    expect(bucket.locate(['Properties', 'Missing', 'Deeper']).line).toBe(22);
    const role = byName(yaml.resources, 'RoutingRole');
    expect(role.locate(['Properties', 'RoleName', 'Fn::Join', 1, 1, 'Ref']).line).toBe(47);
    expect(role.locate(['Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal', 'Federated', 'Fn::Sub']).line).toBe(53);
    // The same paths in JSON reach the real keys.
    expect(byName(json.resources, 'LogsBucket').locate(['Properties', 'BucketName', 'Fn::Sub'])).toEqual({ line: 30, column: 25 });
  });

  it('resolves Ref to a parameter default, and nothing else', () => {
    const template = templateOf(byName(yaml.resources, 'LogGroup'));
    expect(resolveRef(template, { Ref: 'Environment' })).toBe('staging');
    expect(resolveRef(template, get(byName(yaml.resources, 'LogGroup').value, ['Properties', 'RetentionInDays']))).toBe(30);
    expect(resolveRef(template, { Ref: 'OidcProvider' })).toBeUndefined();
    expect(resolveRef(template, { Ref: 'LatestAmi' })).toBeUndefined();
    expect(resolveRef(template, { Ref: 'AWS::Region' })).toBeUndefined();
    expect(resolveRef(template, { Ref: 'LogsBucket' })).toBeUndefined();
    expect(resolveRef(template, { Ref: 'Environment', Extra: 1 })).toBeUndefined();
    expect(resolveRef(template, { 'Fn::Sub': '${Environment}' })).toBeUndefined();
    expect(resolveRef(template, 'aws:kms')).toBe('aws:kms');
    expect(resolveRef(template, false)).toBe(false);
    expect(resolveRef(undefined, { Ref: 'Environment' })).toBeUndefined();
  });
});

describe('CDK synth output', () => {
  it('reads cdk.out/*.template.json and ignores the cloud assembly manifest', () => {
    const cdk = load(fixture('cdk.out/CoreRoutingStack.template.json'), 'cdk.out/CoreRoutingStack.template.json');
    expect(cdk.errors).toEqual([]);
    expect(cdk.resources.map((r) => [r.kind, r.name, r.position.line])).toEqual([
      ['AWS::IAM::Role', 'IngressParserRole5F3C2A19', 3],
      ['AWS::IAM::Policy', 'IngressParserRoleDefaultPolicy7A1D4E02', 37],
      ['AWS::SQS::Queue', 'RoutingQueue4A9B0C11', 69],
      ['AWS::CDK::Metadata', 'CDKMetadata', 80],
    ]);
    const policy = byName(cdk.resources, 'IngressParserRoleDefaultPolicy7A1D4E02');
    expect(policy.locate(['Properties', 'PolicyDocument', 'Statement', 0, 'Resource']).line).toBe(48);
    expect(policy.locate(['Properties', 'Roles', 0, 'Ref']).line).toBe(61);
    expect(resolveRef(templateOf(policy), { Ref: 'BootstrapVersion' })).toBeUndefined();
    expect(load(fixture('cdk.out/manifest.json'), 'cdk.out/manifest.json')).toEqual({ resources: [], errors: [] });
  });
});

describe('recognising templates', () => {
  it('skips documents that are not templates', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: routing, namespace: core-routing}',
      'data: {Resources: "none"}',
      '---',
      '# Helm values with a Resources map that is not CloudFormation',
      'Resources:',
      '  app: {limits: {cpu: 500m}}',
      '  sidecar: {Type: Guaranteed}',
      '---',
      '- Type: AWS::S3::Bucket',
      '',
    ].join('\n');
    expect(load(text)).toEqual({ resources: [], errors: [] });
  });

  it('recognises a template by its resource types alone, and keeps other types', () => {
    const text = ['Resources:', '  Hook:', '    Type: Custom::Rotate', '  Thing:', '    Type: Example::Registry::Thing', ''].join('\n');
    expect(load(text).resources.map((r) => [r.kind, r.name])).toEqual([
      ['Custom::Rotate', 'Hook'],
      ['Example::Registry::Thing', 'Thing'],
    ]);
  });

  it('reports malformed templates with lines and keeps the good resources', () => {
    const text = [
      "AWSTemplateFormatVersion: '2010-09-09'", // 1
      'Resources:', //                            2
      '  NoType:', //                             3
      '    Properties: {BucketName: x}', //       4
      '  Scalar: just-a-string', //               5
      '  EmptyType:', //                          6
      "    Type: ''", //                           7
      '  Queue:', //                              8
      '    Type: AWS::SQS::Queue', //             9
      '---',
      "AWSTemplateFormatVersion: '2010-09-09'", // 11
      'Resources:', //                            12
      '  - Type: AWS::S3::Bucket', //             13
      '---',
      "AWSTemplateFormatVersion: '2010-09-09'", // 15
      'Description: parameters only', //          16
      '',
    ].join('\n');
    const { resources, errors } = load(text, 'bad.yaml');
    expect(resources.map((r) => [r.name, r.position.line])).toEqual([['Queue', 8]]);
    expect(errors).toEqual([
      { file: 'bad.yaml', line: 3, message: 'CloudFormation resource NoType: missing `Type` (a non-empty string)' },
      { file: 'bad.yaml', line: 5, message: 'CloudFormation resource Scalar: must be a map' },
      { file: 'bad.yaml', line: 6, message: 'CloudFormation resource EmptyType: missing `Type` (a non-empty string)' },
      { file: 'bad.yaml', line: 12, message: 'CloudFormation template: `Resources` must be a map' },
      { file: 'bad.yaml', line: 15, message: 'CloudFormation template has no `Resources` section' },
    ]);
  });

  it('takes the resources of Fn::ForEach fragments with their logical id templates', () => {
    const text = [
      "AWSTemplateFormatVersion: '2010-09-09'", // 1
      'Transform: AWS::LanguageExtensions', //     2
      'Resources:', //                            3
      '  Fn::ForEach::Topics:', //                4
      '    - TopicName', //                       5
      '    - !Ref TopicNames', //                 6
      '    - SNSTopic${TopicName}:', //           7
      '        Type: AWS::SNS::Topic', //         8
      '        Properties:', //                   9
      '          TopicName: !Ref TopicName', //  10
      '          KmsMasterKeyId: alias/sns', //  11
      '  Fn::ForEach::Broken: [x]', //            12
      '',
    ].join('\n');
    const { resources, errors } = load(text);
    expect(resources.map((r) => [r.kind, r.name, r.position.line])).toEqual([['AWS::SNS::Topic', 'SNSTopic${TopicName}', 7]]);
    expect(resources[0].locate(['Properties', 'KmsMasterKeyId']).line).toBe(11);
    expect(errors).toEqual([
      { file: 'template.yaml', line: 12, message: 'CloudFormation Fn::ForEach::Broken: expected [identifier, collection, resources map]' },
    ]);
  });
});
