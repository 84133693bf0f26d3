import { promises as fs } from 'node:fs';
import { createBaseline, parseBaseline, type BaselineFile } from '../core/baseline.js';
import { DEFAULT_CONFIG, parseConfig, unknownRuleIds, type Config } from '../core/config.js';
import type { Severity } from '../core/types.js';
import { jsonReport } from '../report/json.js';
import { junitReport } from '../report/junit.js';
import { sarifReport } from '../report/sarif.js';
import { textReport } from '../report/text.js';
import { ALL_RULES } from '../rules/index.js';
import { failing, scanPaths, type ScanResult } from '../scan/scan.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT, writeOutput } from './main.js';

export interface ScanCliOptions {
  format: 'text' | 'json' | 'sarif' | 'junit';
  output?: string;
  failOn?: Severity;
  exclude: string[];
  config?: string;
  baseline?: string;
  createBaseline?: string;
  maxFileSize?: number;
  workers?: number;
  showSuppressed?: boolean;
  color: boolean;
}

function fail(message: string): number {
  process.stderr.write(`guardrail: ${message}\n`);
  return EXIT_USAGE_OR_INPUT;
}

export async function loadConfig(explicit: string | undefined): Promise<{ config: Config } | { error: string }> {
  const file = explicit ?? '.guardrail.yaml';
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return { config: DEFAULT_CONFIG };
    return { error: `cannot read config ${file}: ${(error as Error).message}` };
  }
  const { config, errors } = parseConfig(text, file);
  const unknown = unknownRuleIds(config, ALL_RULES);
  const problems = [
    ...errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`),
    ...unknown.map((id) => `${file}: rules: unknown rule or practice id ${id}`),
  ];
  if (problems.length > 0) return { error: `invalid config:\n  ${problems.join('\n  ')}` };
  return { config };
}

/** The --baseline file, when one is given. */
export async function loadBaseline(file: string | undefined): Promise<{ baseline?: BaselineFile } | { error: string }> {
  if (!file) return {};
  try {
    return { baseline: parseBaseline(await fs.readFile(file, 'utf8')) };
  } catch (error) {
    return { error: `cannot use baseline ${file}: ${(error as Error).message}` };
  }
}

async function readStdin(limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Keep one byte past the limit so the scan can say the input was too large.
    if (size > limit + 1) break;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export async function scanCommand(paths: string[], options: ScanCliOptions): Promise<number> {
  const loaded = await loadConfig(options.config);
  if ('error' in loaded) return fail(loaded.error);
  const { config } = loaded;
  const read = await loadBaseline(options.baseline);
  if ('error' in read) return fail(read.error);
  const { baseline } = read;
  const maxFileSize = options.maxFileSize ?? 10 * 1024 * 1024;
  const stdin = paths.includes('-') ? await readStdin(maxFileSize) : undefined;
  const result: ScanResult = await scanPaths(paths, {
    config,
    baseline,
    exclude: options.exclude,
    maxFileSize,
    workers: options.workers,
    stdin,
  });

  if (options.createBaseline) {
    await fs.writeFile(options.createBaseline, `${JSON.stringify(createBaseline(result.findings), null, 2)}\n`);
    process.stderr.write(`guardrail: wrote ${result.findings.filter((f) => !f.suppressed).length} findings to ${options.createBaseline}\n`);
    return result.errors.length > 0 ? EXIT_USAGE_OR_INPUT : EXIT_OK;
  }

  const report = renderReport(result, options);
  await writeOutput(report, options.output);
  if (result.errors.length > 0) return EXIT_USAGE_OR_INPUT;
  const failOn = options.failOn ?? config.failOn ?? 'medium';
  return failing(result, failOn).length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** The report in the chosen format; colour only on a terminal. */
export function renderReport(result: ScanResult, options: Pick<ScanCliOptions, 'format' | 'output' | 'color' | 'showSuppressed'>): string {
  switch (options.format) {
    case 'json':
      return jsonReport(result);
    case 'sarif':
      return sarifReport(result, ALL_RULES);
    case 'junit':
      return junitReport(result, result.rules);
    default: {
      const color = options.color && !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
      return textReport(result, { color, showSuppressed: options.showSuppressed });
    }
  }
}
