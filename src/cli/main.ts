// The command line: scan, rules, init, generate, serve, audit (and the maintainers' docs).
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { promises as fs } from 'node:fs';
import { TOOL_VERSION } from '../version.js';
import { scanCommand } from './scan-command.js';
import { rulesCommand } from './rules-command.js';
import { docsCommand } from './docs-command.js';
import { registerGenerate } from './generate-command.js';
import { registerServe } from './serve-command.js';
import { registerAudit } from './audit-command.js';
import { isSeverity } from '../core/severity.js';
import type { Severity } from '../core/types.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE_OR_INPUT = 2;

export function parseSeverity(value: string): Severity {
  if (!isSeverity(value)) throw new InvalidArgumentError('expected critical, high, medium, low or info');
  return value;
}

/** Sizes such as 10485760, 20MiB, 512KiB or 1GB. */
export function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected a size such as 20MiB or 1048576');
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(match[1]) * factor);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('guardrail')
    .description('Security and observability guardrails for Kubernetes-on-AWS (EKS) platforms.')
    .version(TOOL_VERSION)
    .showHelpAfterError()
    .exitOverride();

  program
    .command('scan')
    .description('Scan Kubernetes manifests, IAM policies, Terraform, CloudFormation and Dockerfiles for practice violations (`-` reads stdin).')
    .argument('[paths...]', 'files and directories to scan; - for standard input', ['.'])
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'sarif', 'junit']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at or above this severity (default: medium, or failOn from the config)', parseSeverity)
    .option('--exclude <glob>', 'skip paths matching the glob (repeatable)', collect, [])
    .option('-c, --config <file>', 'configuration file (default: .guardrail.yaml in the current directory, if present)')
    .option('--baseline <file>', 'report only findings not recorded in this baseline')
    .option('--create-baseline <file>', "record today's findings as a baseline and exit 0")
    .option('--max-file-size <size>', 'skip larger files with an error (default 10MiB)', parseSize)
    .option('--workers <n>', 'parse worker threads (default: one per core for large trees; 0 parses inline)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('expected an integer from 0 to 64');
      return n;
    })
    .option('--show-suppressed', 'list suppressed findings in the text report too')
    .option('--no-color', 'never colour the text report')
    .addHelpText(
      'after',
      `
Exit codes:
  0  no unsuppressed finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage error, or some input could not be read or parsed (findings are still reported)

Examples:
  guardrail scan examples/
  guardrail scan k8s/ infra/terraform/ Dockerfile
  helm template ./chart | guardrail scan -
  guardrail scan --format sarif -o guardrail.sarif k8s/`,
    )
    .action(async (paths: string[], options) => setExit(await scanCommand(paths, options)));

  program
    .command('rules')
    .description('List every rule with its practice and severity.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action((options) => setExit(rulesCommand(options)));

  registerGenerate(program, setExit);
  registerServe(program, setExit);
  registerAudit(program, setExit);

  // A maintainer command: it reads the rules' fixtures from the source tree.
  program
    .command('docs', { hidden: true })
    .description('Write the rule reference (docs/rules/) and practice catalog from the rules’ metadata and fixtures.')
    .argument('[dir]', 'output directory', 'docs')
    .option('--check', 'exit 1 if the files on disk differ from what would be written')
    .action(async (dir: string, options) => setExit(await docsCommand(dir, options)));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE_OR_INPUT;
    }
    process.stderr.write(`guardrail: ${(error as Error).message}\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  return code;
}

export async function writeOutput(text: string, output: string | undefined): Promise<void> {
  if (output) await fs.writeFile(output, text);
  else await new Promise<void>((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
}
