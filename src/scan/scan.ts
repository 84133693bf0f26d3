// The scan front end's pipeline: find files, parse them (in parallel when
// large), build one model, run the rules, apply suppressions and baseline.
import { applyBaseline, type BaselineFile } from '../core/baseline.js';
import { configureRules, DEFAULT_CONFIG, type Config } from '../core/config.js';
import { runRules } from '../core/engine.js';
import { buildModel } from '../core/model.js';
import { atLeast } from '../core/severity.js';
import {
  annotationDirectives,
  applySuppressions,
  configDirectives,
  type Directive,
} from '../core/suppression.js';
import type { Finding, InputError, InputKind, Resource, Rule } from '../core/types.js';
import { loadIamIndex, type IamIndex } from '../core/iam/actions.js';
import { loadContext, resourcesOf } from '../inputs/index.js';
import type { ParsedSource } from '../inputs/source.js';
import { ALL_RULES, knownIds } from '../rules/index.js';
import { discover } from './discover.js';
import { defaultWorkerCount, readAll } from './pool.js';
import { DEFAULT_MAX_FILE_SIZE, parseBytes } from './read.js';

export interface ScanOptions {
  config?: Config;
  baseline?: BaselineFile;
  /** ISO date that suppression expiry is judged against. */
  today?: string;
  rules?: readonly Rule[];
}

export interface PathScanOptions extends ScanOptions {
  exclude?: string[];
  maxFileSize?: number;
  /** Parse worker threads; 0 parses inline. Default: one per core for large inputs. */
  workers?: number;
  /** Text read from standard input, scanned as the file named `-`. */
  stdin?: Uint8Array;
}

export interface ScanResult {
  findings: Finding[];
  errors: InputError[];
  files: number;
  resources: number;
  rules: readonly Rule[];
}

/** Inputs at least this large are parsed on worker threads. */
const PARALLEL_THRESHOLD_FILES = 64;

export async function scanPaths(paths: string[], options: PathScanOptions = {}): Promise<ScanResult> {
  const config = options.config ?? DEFAULT_CONFIG;
  const exclude = [...(options.exclude ?? []), ...config.exclude];
  const { files, errors } = await discover(paths.filter((p) => p !== '-'), { exclude });
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const requests = files.map((f) => ({ file: f.file, absolute: f.absolute, maxFileSize }));
  const workers = options.workers ?? (requests.length >= PARALLEL_THRESHOLD_FILES ? defaultWorkerCount() : 0);
  // Infrastructure code will need the IAM data: load it while the files parse.
  if (files.some((f) => LIKELY_IAM_FILE.test(f.file))) iamData().catch(() => undefined);
  const parsed = (await readAll(requests, workers)).map((r) => r.parsed);
  if (options.stdin) parsed.push(await parseStdin(options.stdin, maxFileSize));
  const result = await evaluate(parsed, options);
  result.errors.unshift(...errors);
  result.files = parsed.length;
  return result;
}

async function parseStdin(bytes: Uint8Array, maxFileSize: number): Promise<ParsedSource> {
  if (bytes.length > maxFileSize) {
    return { file: '-', format: 'yaml', documents: [], errors: [{ file: '-', message: `standard input is over the ${maxFileSize} byte limit; skipped` }], directives: [] };
  }
  return (await parseBytes('-', bytes)).parsed;
}

/** Scans in-memory sources: for tests, the admission webhook and library use. */
export async function scanSources(sources: Array<{ file: string; text: string }>, options: ScanOptions = {}): Promise<ScanResult> {
  const parsed = await Promise.all(sources.map(async (s) => (await parseBytes(s.file, Buffer.from(s.text, 'utf8'))).parsed));
  return await evaluate(parsed, options);
}

const LIKELY_IAM_FILE = /\.(?:tf|json|template)$/i;
const IAM_INPUTS: ReadonlySet<InputKind> = new Set(['iam', 'terraform', 'cfn']);
let iamIndex: Promise<IamIndex> | undefined;

/** The service-authorization data, loaded once per process and only when a scan holds IAM. */
function iamData(): Promise<IamIndex> {
  iamIndex ??= loadIamIndex();
  return iamIndex;
}

/** Everything after parsing: model, rules, suppressions, baseline. No I/O but the IAM data. */
export async function evaluate(sources: ParsedSource[], options: ScanOptions = {}): Promise<ScanResult> {
  const errors: InputError[] = [];
  const resources: Resource[] = [];
  const directives: Directive[] = [];
  const context = loadContext(sources);
  for (const source of sources) {
    errors.push(...source.errors);
    const loaded = resourcesOf(source, context);
    errors.push(...loaded.errors);
    resources.push(...loaded.resources);
    for (const d of source.directives) {
      directives.push({
        source: 'comment',
        ids: d.ids,
        reason: d.reason,
        until: d.until,
        file: source.file,
        line: d.line,
        column: d.column,
        resource: { kind: 'File', name: source.file },
        scope: { file: source.file, line: d.target },
      });
    }
  }
  for (const resource of resources) directives.push(...annotationDirectives(resource));
  return await evaluateResources(resources, { errors, directives, files: sources.length }, options);
}

/**
 * The engine's half of `evaluate`, for front ends that build resources
 * without parsing files (`audit aws` reads them from an account).
 */
export async function evaluateResources(
  resources: Resource[],
  context: { errors: InputError[]; directives: Directive[]; files: number },
  options: ScanOptions = {},
): Promise<ScanResult> {
  const config = options.config ?? DEFAULT_CONFIG;
  const rules = configureRules(options.rules ?? ALL_RULES, config);
  const { errors, directives } = context;
  directives.push(...configDirectives(config.suppressions, config.file ?? '.guardrail.yaml'));

  const needsIam = resources.some((r) => IAM_INPUTS.has(r.input)) && rules.some((r) => r.inputs.some((i) => IAM_INPUTS.has(i)));
  const model = buildModel(resources, needsIam ? await iamData() : undefined);
  const findings = runRules(model, rules);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  findings.push(...applySuppressions(findings, directives, knownIds(), today));
  if (options.baseline) applyBaseline(findings, options.baseline);
  findings.sort(compareFindings);
  return { findings, errors, files: context.files, resources: resources.length, rules };
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

export function failing(result: ScanResult, failOn: Parameters<typeof atLeast>[1]): Finding[] {
  return result.findings.filter((f) => !f.suppressed && atLeast(f.severity, failOn));
}
