// `guardrail init` and `guardrail generate`: registered on the program by main.ts.
import { promises as fs } from 'node:fs';
import { Command } from 'commander';
import { INIT_TEMPLATE } from '../generate/init-template.js';
import { PLATFORM_SPEC_SCHEMA } from '../generate/schema.js';
import { formatSpecError, loadSpecText, MAX_SPEC_BYTES } from '../generate/load-spec.js';
import { generatePlatform } from '../generate/platform.js';
import { applyPlan, isCurrent, isDestructive, isUnreadable, manifestFile, planWrite, type PlannedFile } from '../generate/write-tree.js';
import { unifiedDiff } from '../generate/diff.js';
import { quarantineManifest, quarantineTarget } from '../generate/kubernetes/quarantine.js';
import { writeOutput } from './main.js';

const EXIT_OK = 0;
const EXIT_NOT_CURRENT = 1;
const EXIT_USAGE = 2;

interface GenerateOptions {
  output: string;
  force?: boolean;
  dryRun?: boolean;
  check?: boolean;
  diff?: boolean;
}

async function readSpec(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > MAX_SPEC_BYTES) throw new Error(`larger than ${MAX_SPEC_BYTES} bytes`);
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    process.stderr.write(`guardrail: cannot read ${file}: ${(error as Error).message}\n`);
    return undefined;
  }
}

function summary(plan: readonly PlannedFile[], removed: boolean): string {
  const count = (status: PlannedFile['status']) => plan.filter((p) => p.status === status).length;
  const stale = count('stale');
  const parts = [`${count('created')} created`, `${count('updated')} updated`, `${count('unchanged')} unchanged`];
  if (stale > 0) parts.push(`${stale} stale ${removed ? 'removed' : 'to remove'}`);
  return parts.join(', ');
}

async function generateCommand(specFile: string, options: GenerateOptions): Promise<number> {
  const text = await readSpec(specFile);
  if (text === undefined) return EXIT_USAGE;
  const loaded = loadSpecText(text, specFile);
  if (!loaded.spec) {
    for (const error of loaded.errors) process.stderr.write(`${formatSpecError(specFile, error)}\n`);
    process.stderr.write(`guardrail: ${loaded.errors.length} error(s) in ${specFile}; nothing written\n`);
    return EXIT_USAGE;
  }
  const files = generatePlatform(loaded.spec);
  const plan = await planWrite(options.output, [...files, manifestFile(files)]);
  const destructive = isDestructive(plan);
  const preview = options.dryRun || options.check;
  const blocked = destructive && !options.force && !preview;
  const fileCount = plan.filter((p) => p.status !== 'stale').length;
  const lines = plan.map((p) => {
    const label = p.status === 'stale' ? (blocked || preview ? 'stale' : 'removed') : p.status;
    return `${label.padEnd(9)} ${options.output.replace(/\/+$/, '')}/${p.path}\n`;
  });
  process.stdout.write(lines.join(''));
  if (preview || blocked || options.diff) {
    for (const p of plan) {
      if (p.status === 'updated' && isUnreadable(p.before)) process.stdout.write(`--- a/${p.path}\n@@ ${(p.before ?? '').slice(1)}: replaced by the generated file @@\n`);
      else if (p.status === 'updated') process.stdout.write(unifiedDiff(p.path, p.before ?? '', p.after ?? ''));
      else if (p.status === 'stale') process.stdout.write(unifiedDiff(p.path, p.before ?? '', ''));
    }
  }
  if (preview) {
    const current = isCurrent(plan);
    process.stdout.write(`${fileCount} files: ${summary(plan, false)}; ${current ? 'up to date' : 'not written (--dry-run/--check)'}\n`);
    return options.check && !current ? EXIT_NOT_CURRENT : EXIT_OK;
  }
  if (blocked) {
    process.stdout.write(`${fileCount} files: ${summary(plan, false)}\n`);
    process.stderr.write(`guardrail: ${options.output} holds files that differ from what the spec generates (diff above); nothing changed. Re-run with --force to overwrite them and remove stale ones.\n`);
    return EXIT_NOT_CURRENT;
  }
  await applyPlan(options.output, plan);
  process.stdout.write(`${fileCount} files in ${options.output}: ${summary(plan, true)}\n`);
  return EXIT_OK;
}

async function quarantineCommand(reference: string, options: { output?: string; selector?: string }): Promise<number> {
  let manifest: string;
  try {
    manifest = quarantineManifest(quarantineTarget(reference, options.selector));
  } catch (error) {
    process.stderr.write(`guardrail: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  await writeOutput(manifest, options.output);
  if (options.output) process.stderr.write(`wrote ${options.output}\n`);
  return EXIT_OK;
}

export function registerGenerate(program: Command, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('Print a commented starter platform spec (three example services) to edit and pass to `guardrail generate`.')
    .option('--schema', 'print the JSON Schema of the spec instead (for editors and CI)')
    .addHelpText('after', '\nExamples:\n  guardrail init > platform.yaml\n  guardrail init --schema > platform-spec.schema.json')
    .action(async (options: { schema?: boolean }) => {
      await writeOutput(options.schema ? `${JSON.stringify(PLATFORM_SPEC_SCHEMA, null, 2)}\n` : INIT_TEMPLATE, undefined);
      setExit(EXIT_OK);
    });

  // `generate` and its `quarantine` subcommand both take -o: each command's
  // options are read only up to its subcommand's name, not by the parents.
  program.enablePositionalOptions();
  const generate = program
    .command('generate')
    .description('Generate the platform (Kubernetes manifests, Terraform, observability) from a platform spec.')
    .argument('<spec>', 'the platform spec (platform.yaml; see `guardrail init`)')
    .option('-o, --output <dir>', 'output folder', 'out')
    .option('--force', 'overwrite files that differ and remove stale generated files')
    .option('--dry-run', 'show what would be written, with diffs; write nothing')
    .option('--check', 'like --dry-run, but exit 1 when the folder is not up to date (for CI)')
    .option('--diff', 'also print the diff of what is written')
    .enablePositionalOptions()
    .addHelpText(
      'after',
      `
Each file is listed as created, updated, unchanged or stale (generated earlier,
no longer by this spec). When files would be overwritten or removed, the diff
is printed and nothing changes unless --force is given. Output is deterministic:
the same spec always gives the same bytes.

Exit codes:
  0  written (or, with --check, up to date)
  1  not written: files differ and --force was not given; or --check found changes
  2  the spec is invalid (each error names file:line:column and the field) or unreadable

Examples:
  guardrail generate platform.yaml -o out/
  guardrail generate platform.yaml -o out/ --force
  guardrail generate platform.yaml -o out/ --check
  guardrail generate quarantine core-routing/core-routing`,
    )
    .action(async (spec: string, options: GenerateOptions) => setExit(await generateCommand(spec, options)));

  generate
    .command('quarantine')
    .description('Print a NetworkPolicy that isolates a workload (incident response): no ingress, no egress, not even DNS.')
    .argument('<namespace/workload>', 'the workload to isolate, e.g. core-routing/core-routing')
    .option('-o, --output <file>', 'write the policy to a file instead of standard output')
    .option('--selector <labels>', 'the workload\'s pod labels as key=value[,key=value] (default: app.kubernetes.io/name=<workload>)')
    .addHelpText(
      'after',
      `
The policy selects the workload's pods that carry guardrail.dev/quarantine=true.
  1. kubectl apply -f <policy>
  2. kubectl -n <namespace> label pods -l app.kubernetes.io/name=<workload> guardrail.dev/quarantine=true
Labelled pods leave every allow policy guardrail generates (they select only pods
without that label) and this policy denies all ingress and egress, so the pods
keep running for forensics but can reach nothing. DNS is denied too: a
compromised pod could otherwise exfiltrate data through DNS queries.
NetworkPolicies only add up: allow policies not made by guardrail that select
the pods still apply; review them (kubectl -n <namespace> get networkpolicy).
Lift: remove the label (guardrail.dev/quarantine-) and delete the policy, or
delete the pods so that the Deployment replaces them with clean ones.

Examples:
  guardrail generate quarantine core-routing/core-routing | kubectl apply -f -
  guardrail generate quarantine payments/api --selector app=api,tier=web -o quarantine.yaml`,
    )
    .action(async (reference: string, options: { output?: string; selector?: string }) => setExit(await quarantineCommand(reference, options)));
}
