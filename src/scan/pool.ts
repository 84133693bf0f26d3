// Parses files on worker threads: YAML parsing is the scan's floor, so large
// trees use every core. Small inputs are parsed inline (workers cost ~30 ms).
import { existsSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { readAndParse, type ReadRequest, type ReadResult } from './read.js';

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);

export function workersAvailable(): boolean {
  return existsSync(WORKER_URL);
}

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8));
}

/** Reads and parses every request, in order, on `workers` threads (0 = inline). */
export async function readAll(requests: ReadRequest[], workers: number): Promise<ReadResult[]> {
  if (workers <= 0 || requests.length < 2 || !workersAvailable()) {
    const results: ReadResult[] = [];
    for (const request of requests) results.push(await readAndParse(request));
    return results;
  }
  const results = new Array<ReadResult>(requests.length);
  const count = Math.min(workers, requests.length);
  let next = 0;
  const threads = Array.from({ length: count }, () => new Worker(WORKER_URL));
  try {
    await Promise.all(
      threads.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= requests.length) return resolve();
              const id = next++;
              worker.postMessage({ id, request: requests[id] });
            };
            worker.on('message', (message: { id: number; result: ReadResult }) => {
              results[message.id] = message.result;
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return results;
}
