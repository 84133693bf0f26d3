import { describe, expect, it } from 'vitest';
import { CFN_TAGS } from '../../../src/inputs/cfn/tags.js';
import { parseYamlStream } from '../../../src/inputs/yaml/parse.js';
import { locateIn } from '../../../src/inputs/yaml/positions.js';

function parseCfn(text: string) {
  const stream = parseYamlStream(text, 't.yaml', { customTags: CFN_TAGS });
  expect(stream.errors).toEqual([]);
  expect(stream.documents).toHaveLength(1);
  const [doc] = stream.documents;
  return { value: doc.value as Record<string, unknown>, at: (...path: Array<string | number>) => locateIn(doc.value, doc.positions, path).line };
}

describe('CloudFormation short-form tags', () => {
  it.each([
    ['!Ref Environment', { Ref: 'Environment' }],
    ['!Ref AWS::Region', { Ref: 'AWS::Region' }],
    ["!Sub '${AWS::StackName}-logs'", { 'Fn::Sub': '${AWS::StackName}-logs' }],
    ['!Sub [ "${Name}-x", { Name: !Ref Env } ]', { 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'Env' } }] }],
    ['!GetAtt Role.Arn', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!GetAtt LoadBalancer.SourceSecurityGroup.OwnerAlias', { 'Fn::GetAtt': ['LoadBalancer', 'SourceSecurityGroup.OwnerAlias'] }],
    ['!GetAtt [Role, Arn]', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ["!Join ['-', [a, !Ref B]]", { 'Fn::Join': ['-', ['a', { Ref: 'B' }]] }],
    ["!Select [0, !GetAZs '']", { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ['!Split [",", !ImportValue SubnetIds]', { 'Fn::Split': [',', { 'Fn::ImportValue': 'SubnetIds' }] }],
    ['!If [IsProd, 3, 1]', { 'Fn::If': ['IsProd', 3, 1] }],
    ['!Equals [!Ref Env, production]', { 'Fn::Equals': [{ Ref: 'Env' }, 'production'] }],
    ['!And [!Condition A, !Not [!Condition B]]', { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Not': [{ Condition: 'B' }] }] }],
    ['!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!FindInMap [RegionMap, !Ref AWS::Region, AMI]', { 'Fn::FindInMap': ['RegionMap', { Ref: 'AWS::Region' }, 'AMI'] }],
    ['!Cidr [10.0.0.0/16, 6, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 6, 8] }],
    ['!Base64 {"Fn::Sub": "echo ${Env}"}', { 'Fn::Base64': { 'Fn::Sub': 'echo ${Env}' } }],
    ['!Transform {Name: AWS::Include, Parameters: {Location: s3://bucket/snippet.yaml}}', { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/snippet.yaml' } } }],
    ['!GetStackOutput {StackName: network, OutputName: VpcId}', { 'Fn::GetStackOutput': { StackName: 'network', OutputName: 'VpcId' } }],
    ['!GetAZs', { 'Fn::GetAZs': '' }],
  ])('%s', (source, expected) => {
    expect(parseCfn(`v: ${source}\n`).value.v).toEqual(expected);
  });

  it('resolves block forms, including a map under a tag', () => {
    const { value } = parseCfn(
      ['UserData: !Base64', '  Fn::Sub: |', '    #!/bin/bash', '    echo ${Env}', 'Value: !Sub', "  - '${A}-${B}'", '  - A: x', '    B: !Ref B', ''].join('\n'),
    );
    expect(value).toEqual({
      UserData: { 'Fn::Base64': { 'Fn::Sub': '#!/bin/bash\necho ${Env}\n' } },
      Value: { 'Fn::Sub': ['${A}-${B}', { A: 'x', B: { Ref: 'B' } }] },
    });
  });

  it('keeps positions of nodes inside tagged collections and of their siblings', () => {
    const { at } = parseCfn(
      [
        'Policies:', //                              1
        '  - PolicyName: base', //                   2
        '  - !If', //                                3
        '    - IsProduction', //                     4
        '    - PolicyName: admin', //                5
        '      PolicyDocument:', //                  6
        '        Statement:', //                     7
        "          - Action: '*'", //                8
        "            Resource: '*'", //              9
        '    - !Ref AWS::NoValue', //               10
        "Joined: !Join ['-', [a, !Ref Env]]", //    11
        'Name: !Sub x', //                          12
        'After: 1', //                              13
        '',
      ].join('\n'),
    );
    expect(at('Policies', 1, 'Fn::If', 1, 'PolicyDocument', 'Statement', 0, 'Resource')).toBe(9);
    expect(at('Policies', 1, 'Fn::If', 1, 'PolicyDocument')).toBe(6);
    expect(at('Policies', 1, 'Fn::If', 2)).toBe(10);
    expect(at('Joined', 'Fn::Join', 1, 1)).toBe(11);
    expect(at('Name')).toBe(12);
    expect(at('After')).toBe(13);
  });

  it('is harmless for Kubernetes YAML', () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: core-routing, namespace: core-routing, labels: {app: core-routing}}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: registry.example.com/core-routing@sha256:' + 'a'.repeat(64),
      '          args: ["--ref", "!Ref", "--port=8080"]',
      '          env: [{name: TAG, value: "!Sub x"}]',
      '',
    ].join('\n');
    const plain = parseYamlStream(manifest, 'd.yaml');
    const tagged = parseYamlStream(manifest, 'd.yaml', { customTags: CFN_TAGS });
    expect(tagged.errors).toEqual([]);
    expect(tagged.documents[0].value).toEqual(plain.documents[0].value);
    expect(Array.from(tagged.documents[0].positions)).toEqual(Array.from(plain.documents[0].positions));
  });
});
