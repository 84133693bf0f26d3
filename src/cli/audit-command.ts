// `guardrail audit aws`: read an account (or a saved snapshot of one) and
// judge it with the same engine and reports as `scan`.
import { Command, InvalidArgumentError, Option } from 'commander';
import { promises as fs } from 'node:fs';
import { auditPolicy } from '../audit/calls.js';
import { evaluateSnapshot } from '../audit/evaluate.js';
import { parseSnapshot, serializeSnapshot, type Snapshot } from '../audit/snapshot.js';
import { createBaseline } from '../core/baseline.js';
import type { Severity } from '../core/types.js';
import { failing } from '../scan/scan.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT, parseSeverity, writeOutput } from './main.js';
import { loadBaseline, loadConfig, renderReport } from './scan-command.js';

export interface AuditCliOptions {
  regions?: string[];
  profile?: string;
  roleArn?: string;
  externalId?: string;
  format: 'text' | 'json' | 'sarif' | 'junit';
  output?: string;
  failOn?: Severity;
  config?: string;
  baseline?: string;
  createBaseline?: string;
  saveSnapshot?: string;
  snapshot?: string;
  printPolicy?: boolean;
  concurrency: number;
  maxAttempts: number;
  endpointUrl?: string;
  showSuppressed?: boolean;
  color: boolean;
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

function regionList(value: string): string[] {
  const regions = [...new Set(value.split(',').map((r) => r.trim()).filter(Boolean))];
  const bad = regions.find((r) => !REGION.test(r));
  if (bad !== undefined || regions.length === 0) throw new InvalidArgumentError(`expected region names such as eu-west-1,us-east-1${bad ? ` (got ${bad})` : ''}`);
  return regions;
}

function integer(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

function roleArn(value: string): string {
  if (!ROLE_ARN.test(value)) throw new InvalidArgumentError('expected an IAM role ARN such as arn:aws:iam::111122223333:role/guardrail-audit');
  return value;
}

export function registerAudit(program: Command, setExit: (code: number) => void): void {
  const audit = program.command('audit').description('Audit live cloud accounts with the same rules and reports as scan.');
  audit
    .command('aws')
    .description('Audit an AWS account, read-only: IAM, network, detection services, encryption, EKS and organization.')
    .option('--regions <list>', 'comma-separated regions to audit (default: the account’s enabled regions)', regionList)
    .option('--profile <name>', 'shared config/credentials profile (SSO and assume-role profiles included)')
    .option('--role-arn <arn>', 'assume this role for the audit', roleArn)
    .option('--external-id <id>', 'external id for --role-arn')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'sarif', 'junit']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at or above this severity (default: medium, or failOn from the config)', parseSeverity)
    .option('-c, --config <file>', 'configuration file (default: .guardrail.yaml in the current directory, if present)')
    .option('--baseline <file>', 'report only findings not recorded in this baseline')
    .option('--create-baseline <file>', "record today's findings as a baseline and exit 0 (2 if the audit was incomplete)")
    .option('--save-snapshot <file>', 'also write what was read from the account as JSON, to judge again later with --snapshot')
    .option('--snapshot <file>', 'judge a saved snapshot instead of calling AWS')
    .option('--print-policy', 'print the read-only IAM policy the audit needs, and exit')
    .option('--concurrency <n>', 'regions audited at once', integer(1, 32), 4)
    .option('--max-attempts <n>', 'attempts per API call, with adaptive retry on throttling', integer(1, 20), 10)
    .addOption(new Option('--endpoint-url <url>', 'send every API call to this endpoint (a local AWS emulator)').hideHelp())
    .option('--show-suppressed', 'list suppressed findings in the text report too')
    .option('--no-color', 'never colour the text report')
    .addHelpText(
      'after',
      `
Credentials come from the default chain (environment, shared config and SSO
profiles, web identity for IRSA, container and instance roles). Only read-only
calls are made; --print-policy shows every action needed.

Exit codes:
  0  no unsuppressed finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage error, or the audit was incomplete (a call was denied or failed; findings are still reported)

Examples:
  AWS_PROFILE=prod-audit guardrail audit aws --regions eu-west-1,us-east-1
  guardrail audit aws --role-arn arn:aws:iam::111122223333:role/guardrail-audit --format sarif -o audit.sarif
  guardrail audit aws --save-snapshot account.json && guardrail audit aws --snapshot account.json -f json
  guardrail audit aws --print-policy > guardrail-audit-policy.json`,
    )
    .action(async (options: AuditCliOptions) => setExit(await auditAwsCommand(options)));
}

function fail(message: string): number {
  process.stderr.write(`guardrail: ${message}\n`);
  return EXIT_USAGE_OR_INPUT;
}

export async function auditAwsCommand(options: AuditCliOptions): Promise<number> {
  if (options.printPolicy) {
    await writeOutput(`${JSON.stringify(auditPolicy(), null, 2)}\n`, options.output);
    return EXIT_OK;
  }
  const loaded = await loadConfig(options.config);
  if ('error' in loaded) return fail(loaded.error);
  const { config } = loaded;
  const read = await loadBaseline(options.baseline);
  if ('error' in read) return fail(read.error);
  const { baseline } = read;

  let snapshot: Snapshot;
  if (options.snapshot) {
    try {
      snapshot = parseSnapshot(await fs.readFile(options.snapshot, 'utf8'));
    } catch (error) {
      return fail(`cannot read snapshot ${options.snapshot}: ${(error as Error).message}`);
    }
  } else {
    const read = await readAccount(options);
    if (typeof read === 'string') return fail(read);
    snapshot = read;
  }
  if (options.saveSnapshot) await fs.writeFile(options.saveSnapshot, serializeSnapshot(snapshot));

  const result = await evaluateSnapshot(snapshot, { config, baseline });
  if (options.createBaseline) {
    await fs.writeFile(options.createBaseline, `${JSON.stringify(createBaseline(result.findings), null, 2)}\n`);
    process.stderr.write(`guardrail: wrote ${result.findings.filter((f) => !f.suppressed).length} findings to ${options.createBaseline}\n`);
    return result.errors.length > 0 ? EXIT_USAGE_OR_INPUT : EXIT_OK;
  }
  await writeOutput(renderReport(result, options), options.output);
  if (result.errors.length > 0) return EXIT_USAGE_OR_INPUT;
  return failing(result, options.failOn ?? config.failOn ?? 'medium').length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** The snapshot, or why the audit could not start. */
async function readAccount(options: AuditCliOptions): Promise<Snapshot | string> {
  // The SDK clients load only when an account is read: other commands start without them.
  const [{ AwsClients }, { AuditStartError, collect }] = await Promise.all([import('../audit/clients.js'), import('../audit/collect.js')]);
  // The SDK warns on every run under Node 20 about its own future releases; guardrail supports Node 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const homeRegion = options.regions?.[0] ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const clients = new AwsClients({
    profile: options.profile,
    roleArn: options.roleArn,
    externalId: options.externalId,
    endpoint: options.endpointUrl,
    homeRegion,
    maxAttempts: options.maxAttempts,
  });
  const progress = process.stderr.isTTY === true;
  try {
    const { snapshot } = await collect({
      clients,
      regions: options.regions,
      regionConcurrency: options.concurrency,
      itemConcurrency: 16,
      onProgress: progress ? (done, total, calls) => process.stderr.write(`\rguardrail: audited ${done}/${total} regions, ${calls} API calls`) : undefined,
    });
    if (progress) process.stderr.write('\n');
    return snapshot;
  } catch (error) {
    if (error instanceof AuditStartError) return error.message;
    throw error;
  } finally {
    clients.destroy();
  }
}
