import { promises as fs } from 'node:fs';
import path from 'node:path';
import { renderDocs } from '../docs/files.js';

/** Writes (or with --check, verifies) the generated docs under `dir`. */
export async function docsCommand(dir: string, options: { check?: boolean; fixtures?: string }): Promise<number> {
  const files = renderDocs(options.fixtures ?? 'test/rules');
  const stale: string[] = [];
  for (const [relative, text] of files) {
    const target = path.join(dir, relative);
    let current: string | undefined;
    try {
      current = await fs.readFile(target, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    if (options.check) stale.push(target);
    else {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, text);
    }
  }
  if (stale.length > 0) {
    process.stderr.write(`guardrail: stale docs (run npm run docs):\n  ${stale.join('\n  ')}\n`);
    return 1;
  }
  return 0;
}
