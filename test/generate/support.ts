// Shared by the generator tests: the example spec (text and checked object),
// and a scan of a generated tree.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSpecText } from '../../src/generate/load-spec.js';
import type { GeneratedFile } from '../../src/generate/files.js';
import type { PlatformSpec } from '../../src/generate/spec.js';
import { scanSources } from '../../src/scan/scan.js';
import { severityRank } from '../../src/core/severity.js';

export const EXAMPLE_SPEC_FILE = path.resolve(import.meta.dirname, '../../examples/platform.yaml');

export function exampleText(): string {
  return readFileSync(EXAMPLE_SPEC_FILE, 'utf8');
}

/** A fresh copy of examples/platform.yaml (the three core services), validated by the loader. */
export function exampleSpec(): PlatformSpec {
  const result = loadSpecText(exampleText(), EXAMPLE_SPEC_FILE);
  if (!result.spec) throw new Error(`examples/platform.yaml is invalid:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.spec;
}

/** Findings at medium or above (unsuppressed) and input errors of a scan over generated files. */
export async function scanGenerated(files: readonly GeneratedFile[]): Promise<{ serious: string[]; errors: string[]; all: string[] }> {
  const result = await scanSources(files.map((f) => ({ file: f.path, text: f.content })));
  const describe = (f: (typeof result.findings)[number]) => `${f.severity} ${f.rule} ${f.file}: ${f.message}`;
  return {
    serious: result.findings.filter((f) => !f.suppressed && severityRank(f.severity) >= severityRank('medium')).map(describe),
    errors: result.errors.map((e) => `${e.file}: ${e.message}`),
    all: result.findings.map(describe),
  };
}
