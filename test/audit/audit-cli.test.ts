// `guardrail audit aws` end to end: the built CLI, the real AWS SDK clients,
// and a local endpoint that speaks the AWS wire protocols.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAwsEndpoint, type AwsEndpoint } from '../../bench/aws-endpoint.js';
import { AUDIT_ACTIONS, auditPolicy } from '../../src/audit/calls.js';
import { awsRules } from '../../src/rules/aws/index.js';
import { runCli } from '../support/cli.js';
import { compliantAccount, failingAccount, faultyAccount } from './accounts.js';

const REGIONS = 'eu-west-1,us-east-1';
let endpoint: AwsEndpoint | undefined;
let dir: string;

const env = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_REGION: 'eu-west-1',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
};

interface JsonReport {
  findings: Array<{ rule: string; practice: string; severity: string; message: string; file: string; resource: { kind: string; name: string }; suppressed: boolean }>;
  errors: Array<{ file: string; message: string }>;
}

async function audit(account: object, args: string[] = [], pageSize = 2) {
  endpoint = await startAwsEndpoint(account, { pageSize });
  return await runCli(['audit', 'aws', '--endpoint-url', endpoint.url, '--regions', REGIONS, '--max-attempts', '4', ...args], { env, cwd: dir });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'guardrail-audit-'));
});

afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

describe('guardrail audit aws', () => {
  it('finds nothing in a compliant account, reading every listing to the end with only declared calls', async () => {
    const snapshotFile = path.join(dir, 'compliant.json');
    const result = await audit(compliantAccount(), ['--format', 'json', '--save-snapshot', snapshotFile]);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    expect(result.code).toBe(0);

    const calls = [...endpoint!.calls.keys()];
    expect(calls.filter((a) => !(AUDIT_ACTIONS as string[]).includes(a))).toEqual([]);
    // sts:AssumeRole is only for --role-arn; DescribeRegions only without --regions.
    expect(AUDIT_ACTIONS.filter((a) => !calls.includes(a) && a !== 'ec2:DescribeRegions')).toEqual([]);
    // Five groups per region at two a page: three pages per region.
    expect(endpoint!.calls.get('ec2:DescribeSecurityGroups')).toBe(6);

    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { resources: Array<{ kind: string; name: string; region: string }> };
    const ofKind = (kind: string) => snapshot.resources.filter((r) => r.kind === kind);
    expect(ofKind('AWS::EC2::SecurityGroup')).toHaveLength(10);
    expect(ofKind('AWS::IAM::User').map((r) => r.name)).toEqual(expect.arrayContaining(['arn:aws:iam::111122223333:user/break-glass']));
    // Buckets outside the audited regions are left out; AWS-managed keys are not the account's to rotate.
    expect(ofKind('AWS::S3::Bucket').map((r) => r.name).sort()).toEqual(['arn:aws:s3:::core-ingress-parser-uploads', 'arn:aws:s3:::core-session-manager-archive', 'arn:aws:s3:::platform-audit-logs']);
    expect(ofKind('AWS::KMS::Key')).toHaveLength(4);
    // The key that an `alias/aws/…` alias names is known to be AWS-managed without describing it.
    expect(endpoint!.calls.get('kms:DescribeKey')).toBe(6);
    expect(ofKind('AWS::Region').map((r) => r.name)).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('reports every failure of the failing account under its practice, with ARNs and locations', async () => {
    const result = await audit(failingAccount(), ['--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.errors).toEqual([]);
    const rules = new Set(report.findings.map((f) => f.rule));
    expect(awsRules.map((r) => r.id).filter((id) => !rules.has(id))).toEqual([]);
    const find = (rule: string) => report.findings.filter((f) => f.rule === rule);
    expect(find('aws-root-mfa')[0]).toMatchObject({ practice: 'IAM-MFA-HUMANS', severity: 'critical', file: 'aws://111122223333/global' });
    expect(find('aws-security-group-open')).toEqual([
      expect.objectContaining({ severity: 'high', file: 'aws://111122223333/eu-west-1', resource: { kind: 'AWS::EC2::SecurityGroup', name: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1f', namespace: null } }),
    ]);
    expect(find('aws-guardduty').map((f) => `${f.file} ${f.severity}`).sort()).toEqual(['aws://111122223333/eu-west-1 medium', 'aws://111122223333/us-east-1 high']);
    expect(find('aws-cloudtrail').map((f) => f.message).join('\n')).toContain('logging is stopped');
    expect(find('aws-account-separation').map((f) => f.severity).sort()).toEqual(['info', 'medium']);
    expect([...new Set(find('aws-unused-credentials').map((f) => f.resource.name))]).toEqual(['arn:aws:iam::111122223333:user/legacy-ci']);
    expect(find('aws-eks-version')[0]).toMatchObject({ severity: 'medium', resource: { name: 'arn:aws:eks:eu-west-1:111122223333:cluster/platform-staging' } });
  });

  it('writes SARIF and JUnit from the same findings', async () => {
    const sarifFile = path.join(dir, 'audit.sarif');
    const sarif = await audit(failingAccount(), ['--format', 'sarif', '-o', sarifFile]);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(readFileSync(sarifFile, 'utf8')) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } }; logicalLocations: Array<{ fullyQualifiedName: string }> }> }> }>;
    };
    const require = createRequire(import.meta.url);
    const Ajv = require('ajv-draft-04');
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    require('ajv-formats')(ajv);
    expect(ajv.validate(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), log) ? [] : ajv.errors).toEqual([]);
    const root = log.runs[0].results.find((r) => r.ruleId === 'aws-root-access-keys');
    expect(root?.locations[0].physicalLocation.artifactLocation.uri).toBe('aws://111122223333/global');
    expect(root?.locations[0].logicalLocations[0].fullyQualifiedName).toBe('AWS::Account/arn:aws:iam::111122223333:root');
    await endpoint?.close();
    const junit = await audit(failingAccount(), ['--format', 'junit']);
    expect(junit.stdout).toContain('aws-kms-rotation');
  });

  it('goes on past access denied and throttling, names the missing permission and the checks it blocks, and exits 2', async () => {
    const result = await audit(faultyAccount(), ['--format', 'json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as JsonReport;
    const errors = report.errors.map((e) => `${e.file}: ${e.message}`);
    expect(errors).toHaveLength(5 + 2);
    expect(errors.find((e) => e.includes('iam:GetCredentialReport'))).toMatch(/^aws:\/\/111122223333\/global: iam:GetCredentialReport failed \(access denied, grant iam:GetCredentialReport .*not checked: aws-root-mfa, aws-root-access-keys, aws-console-mfa, aws-unused-credentials$/);
    expect(errors.find((e) => e.includes('guardduty:ListDetectors'))).toMatch(/^aws:\/\/111122223333\/us-east-1: .*AccessDeniedException.*not checked: aws-guardduty$/);
    expect(errors.filter((e) => e.includes('s3:GetBucketPublicAccessBlock'))).toHaveLength(3);
    expect(errors.find((e) => e.includes('ec2:DescribeFlowLogs'))).toMatch(/^aws:\/\/111122223333\/eu-west-1: .*UnauthorizedOperation.*not checked: aws-vpc-flow-logs$/);
    expect(errors.find((e) => e.includes('organizations:DescribeOrganization'))).toMatch(/AccessDeniedException.*not checked: aws-account-separation$/);
    // The denied facts are unknown, not failures: the rest of the compliant account still passes.
    expect(report.findings).toEqual([]);
    // Throttled calls were retried by the SDK until they succeeded.
    expect(endpoint!.calls.get('ec2:DescribeSecurityGroups')).toBe(6 + 3);
    expect(endpoint!.calls.get('kms:ListKeys')).toBe(4 + 2);
    expect(endpoint!.calls.get('s3:ListAllMyBuckets')).toBe(2 + 1);
    expect(endpoint!.calls.get('iam:GetAccountPasswordPolicy')).toBe(1 + 1);
    // Without the aliases (denied, and only a saving) every key is described, and that is no error.
    expect(endpoint!.calls.get('kms:DescribeKey')).toBe(8);
  });

  it('judges a saved snapshot again without AWS, to the same findings', async () => {
    const snapshotFile = path.join(dir, 'failing.json');
    const live = await audit(failingAccount(), ['--format', 'json', '--save-snapshot', snapshotFile]);
    await endpoint?.close();
    endpoint = undefined;
    const offline = await runCli(['audit', 'aws', '--snapshot', snapshotFile, '--format', 'json'], { env: {}, cwd: dir });
    expect(offline.code).toBe(1);
    expect(JSON.parse(offline.stdout).findings).toEqual(JSON.parse(live.stdout).findings);

    // A baseline of today's findings: the next audit reports only new ones.
    const baseline = path.join(dir, 'baseline.json');
    expect((await runCli(['audit', 'aws', '--snapshot', snapshotFile, '--create-baseline', baseline], { env: {}, cwd: dir })).code).toBe(0);
    const again = await runCli(['audit', 'aws', '--snapshot', snapshotFile, '--baseline', baseline, '--format', 'json'], { env: {}, cwd: dir });
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as JsonReport).findings.filter((f) => !f.suppressed)).toEqual([]);
  });

  it('applies the configuration: rules switched off and suppressions', async () => {
    writeFileSync(
      path.join(dir, 'audit.yaml'),
      'rules:\n  aws-account-separation: off\nsuppressions:\n  - id: aws-security-group-open\n    resource: "AWS::EC2::SecurityGroup/arn:aws:ec2:*:*:security-group/sg-1f"\n    reason: bastion replaced by SSM in OPS-42\n',
    );
    const result = await audit(failingAccount(), ['--format', 'json', '-c', 'audit.yaml']);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings.filter((f) => f.rule === 'aws-account-separation')).toEqual([]);
    expect(report.findings.filter((f) => f.rule === 'aws-security-group-open').map((f) => f.suppressed)).toEqual([true]);
  });

  it('assumes --role-arn once for every client', async () => {
    const result = await audit(compliantAccount(), ['--role-arn', 'arn:aws:iam::111122223333:role/guardrail-audit']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(endpoint!.calls.get('sts:AssumeRole')).toBe(1);
  });

  it('stops with exit 2 when the account cannot be identified', async () => {
    const result = await audit({ id: '111122223333', faults: { deny: ['sts:GetCallerIdentity'] } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot identify the AWS account \(AccessDenied/);
  });

  it('prints the policy built from the declared calls', async () => {
    const result = await runCli(['audit', 'aws', '--print-policy'], { env: {} });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(auditPolicy());
  });

  it('rejects a malformed region and a snapshot that is not one', async () => {
    expect((await runCli(['audit', 'aws', '--regions', 'eu-west-1;rm'], { env: {} })).code).toBe(2);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"something-else"}');
    const result = await runCli(['audit', 'aws', '--snapshot', bad], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a guardrail AWS snapshot');
  });
});
