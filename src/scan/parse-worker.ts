// A parse worker: reads and parses files sent by the pool, returning plain
// data (position tables are transferred, not copied).
import { parentPort } from 'node:worker_threads';
import { failedRead, readAndParse, type ReadRequest, type ReadResult } from './read.js';

parentPort?.on('message', async (message: { id: number; request: ReadRequest }) => {
  let result: ReadResult;
  try {
    result = await readAndParse(message.request);
  } catch (error) {
    result = failedRead(message.request.file, `could not be parsed: ${(error as Error).message}`);
  }
  const transfer = result.parsed.documents.map((d) => d.positions.buffer as ArrayBuffer);
  parentPort?.postMessage({ id: message.id, result }, transfer);
});
