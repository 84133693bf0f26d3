// `npm run bench:generate`: how long `guardrail generate` takes for specs of
// growing size (validation, generation, and the scan that proves the output
// clean). Prints figures; asserts nothing (benchmarks are not tests).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { loadSpecText } from '../dist/generate/load-spec.js';
import { generatePlatform } from '../dist/generate/platform.js';
import { scanSources } from '../dist/scan/scan.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const example = parse(readFileSync(path.join(here, '../examples/platform.yaml'), 'utf8'));

/** The example's three services repeated under new names until there are `count`, with a chain of flows. */
function specOf(count) {
  const services = [];
  for (let i = 0; i < count; i++) {
    const base = structuredClone(example.services[i % 3]);
    const name = `${base.name}-${i}`;
    const previous = services[i - 1];
    Object.assign(base, { name, namespace: name, hostname: base.public ? `${name}.example.com` : undefined });
    if (!base.public) delete base.hostname;
    base.image = base.image.replace(/\/[a-z-]+@/, `/${name}@`);
    base.accepts = previous ? [{ from: previous.name, port: 8080 }] : undefined;
    if (!base.accepts) delete base.accepts;
    if (base.aws?.s3) base.aws.s3 = base.aws.s3.map((g) => ({ ...g, bucket: `${g.bucket}-${i}` }));
    if (base.aws?.secrets) base.aws.secrets = base.aws.secrets.map((s) => s.replace('core-session-manager/', `${name}/`));
    services.push(base);
  }
  return stringify({ ...example, services });
}

function time(fn) {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

console.log('services  spec KiB  validate ms  generate ms  files  output KiB  scan ms  findings>=medium');
for (const count of [3, 30, 100, 200]) {
  const text = specOf(count);
  const loaded = time(() => loadSpecText(text, 'bench.yaml'));
  if (!loaded.value.spec) throw new Error(loaded.value.errors.map((e) => e.message).join('\n'));
  const generated = time(() => generatePlatform(loaded.value.spec));
  const files = generated.value;
  const bytes = files.reduce((n, f) => n + f.content.length, 0);
  const start = process.hrtime.bigint();
  const result = await scanSources(files.map((f) => ({ file: f.path, text: f.content })));
  const scanMs = Number(process.hrtime.bigint() - start) / 1e6;
  const serious = result.findings.filter((f) => ['critical', 'high', 'medium'].includes(f.severity)).length;
  console.log(
    [count, (text.length / 1024).toFixed(0), loaded.ms.toFixed(0), generated.ms.toFixed(0), files.length, (bytes / 1024).toFixed(0), scanMs.toFixed(0), serious]
      .map((v, i) => String(v).padStart(i === 0 ? 8 : [9, 12, 12, 6, 11, 8, 17][i - 1]))
      .join(' '),
  );
}
