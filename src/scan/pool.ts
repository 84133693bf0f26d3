// Parses files on worker threads: YAML parsing is the scan's floor, so large
// trees use every core. Small inputs are parsed inline (workers cost ~30 ms).
import { existsSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { failedRead, readAndParse, type ReadRequest, type ReadResult } from './read.js';

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
  let next = 0;
  // A worker that dies (out of memory on one file, say) costs that file only:
  // it is reported as an error and a fresh worker takes over the queue.
  const runWorker = (): Promise<void> =>
    new Promise<void>((resolve) => {
      // A memory cap per worker, so one pathological file cannot take the process down.
      const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: 2048 } });
      let current = -1;
      const send = (): void => {
        if (next >= requests.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        worker.postMessage({ id: current, request: requests[current] });
      };
      worker.on('message', (message: { id: number; result: ReadResult }) => {
        results[message.id] = message.result;
        send();
      });
      worker.on('error', (error) => {
        if (current >= 0 && !results[current]) results[current] = failedRead(requests[current].file, `could not be parsed: ${error.message}`);
        void worker.terminate();
        resolve(next < requests.length ? runWorker() : undefined);
      });
      send();
    });
  await Promise.all(Array.from({ length: Math.min(workers, requests.length) }, runWorker));
  return results;
}
