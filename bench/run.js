// `npm run bench`: scan throughput against a parse-only baseline measured in
// the same run. Prints figures; asserts nothing (benchmarks are not tests).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus, writeIacCorpus } from './corpus.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Outside the repository: the scan skips git-ignored paths.
const corpusDir = path.join(os.tmpdir(), 'guardrail-bench', 'k8s-corpus');
const iacDir = path.join(os.tmpdir(), 'guardrail-bench', 'iac-corpus');
const runs = Number(process.env.BENCH_RUNS ?? 3);

function measure(mode, dir, workers) {
  const args = [path.join(here, 'measure.js'), mode, dir];
  if (workers !== undefined) args.push(String(workers));
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

function best(mode, dir, workers) {
  let chosen;
  for (let i = 0; i < runs; i++) {
    const m = measure(mode, dir, workers);
    if (!chosen || m.seconds < chosen.seconds) chosen = { ...m, maxRssMiB: Math.max(m.maxRssMiB, chosen?.maxRssMiB ?? 0) };
  }
  return chosen;
}

const corpus = writeCorpus(corpusDir);
console.log(`Kubernetes corpus: ${corpus.documents} documents, ${(corpus.bytes / 1e6).toFixed(1)} MB in 1000 files (best of ${runs} runs each)\n`);

const rows = [];
const parse = best('parse', corpusDir);
const scan = best('scan', corpusDir);
const parts = best('parts', corpusDir);
const parseInline = best('parse', corpusDir, 0);
const scanInline = best('scan', corpusDir, 0);
rows.push(['parse only (workers)', parse], ['full scan (workers)', scan], ['parse only (inline)', parseInline], ['full scan (inline)', scanInline], ['10 parts scanned apart', parts]);
for (const [label, m] of rows) {
  console.log(`${label.padEnd(24)} ${m.seconds.toFixed(2).padStart(6)} s  ${String(Math.round(m.resources / m.seconds)).padStart(7)} resources/s  peak RSS ${m.maxRssMiB.toFixed(0).padStart(4)} MiB  workers ${m.workers}`);
}
console.log('');
console.log(`scan / parse-only (workers):  ${(scan.seconds / parse.seconds).toFixed(2)}   (target <= 1.5)`);
console.log(`scan / parse-only (inline):   ${(scanInline.seconds / parseInline.seconds).toFixed(2)}`);
console.log(`resources per second:         ${Math.round(scan.resources / scan.seconds)}   (target >= 5000)`);
console.log(`peak RSS of the scan:         ${scan.maxRssMiB.toFixed(0)} MiB   (target < 512)`);
console.log(`whole tree / sum of parts:    ${(scan.seconds / parts.seconds).toFixed(2)}   (target <= 1.1)`);
console.log(`findings: whole ${scan.findings}, parts ${parts.findings}`);

const iac = writeIacCorpus(iacDir);
console.log(`\nInfrastructure corpus: 1000 Terraform files and 500 IAM policy documents, ${(iac.bytes / 1e6).toFixed(1)} MB`);
const iacParse = best('parse', iacDir);
const iacScan = best('scan', iacDir);
for (const [label, m] of [['parse only (workers)', iacParse], ['full scan (workers)', iacScan]]) {
  console.log(`${label.padEnd(24)} ${m.seconds.toFixed(2).padStart(6)} s  ${String(Math.round(m.files / m.seconds)).padStart(7)} files/s  peak RSS ${m.maxRssMiB.toFixed(0).padStart(4)} MiB  workers ${m.workers}`);
}
console.log(`scan / parse-only:            ${(iacScan.seconds / iacParse.seconds).toFixed(2)}   (target <= 1.5)`);
console.log(`findings: ${iacScan.findings}, resources: ${iacScan.resources}, errors: ${iacScan.errors}`);

// The live-account audit against a simulated account, in its own process.
execFileSync(process.execPath, [path.join(here, 'audit.js')], { stdio: 'inherit' });
