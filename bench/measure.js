// One measurement in a fresh process, so peak RSS belongs to it alone.
// Usage: node bench/measure.js <parse|scan|parts> <dir> [workers]
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { discover } from '../dist/scan/discover.js';
import { defaultWorkerCount, readAll } from '../dist/scan/pool.js';
import { DEFAULT_MAX_FILE_SIZE } from '../dist/scan/read.js';
import { scanPaths } from '../dist/scan/scan.js';

const [mode, dir, workersArg] = process.argv.slice(2);
const workers = workersArg === undefined ? defaultWorkerCount() : Number(workersArg);

async function parseOnly(paths) {
  const { files } = await discover(paths, { exclude: [] });
  const results = await readAll(files.map((f) => ({ file: f.file, absolute: f.absolute, maxFileSize: DEFAULT_MAX_FILE_SIZE })), workers);
  return { files: results.length, resources: results.reduce((n, r) => n + r.parsed.documents.length, 0), findings: 0, errors: results.reduce((n, r) => n + r.parsed.errors.length, 0) };
}

async function scan(paths) {
  const result = await scanPaths(paths, { workers });
  return { files: result.files, resources: result.resources, findings: result.findings.length, errors: result.errors.length };
}

const started = performance.now();
let outcome;
if (mode === 'parse') outcome = await parseOnly([dir]);
else if (mode === 'scan') outcome = await scan([dir]);
else if (mode === 'parts') {
  // Each part scanned on its own, one after another: their sum is compared with the whole.
  let resources = 0;
  let findings = 0;
  for (const part of readdirSync(dir).sort()) {
    const r = await scan([path.join(dir, part)]);
    resources += r.resources;
    findings += r.findings;
  }
  outcome = { resources, findings };
} else throw new Error(`unknown mode ${mode}`);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ mode, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, workers, ...outcome }) + '\n');
