import { parseYamlStream } from '../../../src/inputs/yaml/parse.js';
import { locateIn, ENTRY } from '../../../src/inputs/yaml/positions.js';
import { CFN_TAGS } from '../../../src/inputs/cfn/tags.js';
const text = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-logs'
      Arn: !GetAtt Role.Arn
      Joined: !Join
        - ''
        - - a
          - !Ref B
      Items:
        - !Ref X
        - !If
          - C
          - y
          - z
      B64: !Base64
        Fn::Sub: |
          echo hi
      After: 1
`;
const s = parseYamlStream(text, 'f.yaml', { customTags: CFN_TAGS });
console.log(JSON.stringify(s.errors), JSON.stringify(s.documents[0].value, null, 1));
const d = s.documents[0];
const P = ['Resources','Bucket','Properties'];
for (const p of [['BucketName'],['BucketName','Fn::Sub'],['Arn'],['Arn','Fn::GetAtt'],['Joined'],['Joined','Fn::Join'],['Joined','Fn::Join',1],['Joined','Fn::Join',1,1],['Joined','Fn::Join',1,1,'Ref'],['Items',0],['Items',1],['Items',1,'Fn::If'],['Items',1,'Fn::If',2],['B64','Fn::Base64','Fn::Sub'],['After']]) console.log(p.join('.'), JSON.stringify(locateIn(d.value, d.positions, [...P, ...p])));
import {it} from 'vitest'; it('x',()=>{});
