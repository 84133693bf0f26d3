// Reads, decodes and parses one file. Runs inline or inside a parse worker.
import { promises as fs } from 'node:fs';
import { decodeText } from '../inputs/text.js';
import { formatOf, parseSource, type ParsedSource } from '../inputs/source.js';
import { describeFsError } from './discover.js';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface ReadRequest {
  file: string;
  absolute: string;
  maxFileSize: number;
}

export interface ReadResult {
  parsed: ParsedSource;
  bytes: number;
}

/** The result for a file that could not be read or parsed: its error alone. */
export function failedRead(file: string, message: string, line?: number): ReadResult {
  return { parsed: { file, format: 'yaml', documents: [], errors: [{ file, line, message }], directives: [] }, bytes: 0 };
}

export async function readAndParse(request: ReadRequest): Promise<ReadResult> {
  const { file, absolute, maxFileSize } = request;
  let bytes: Buffer;
  try {
    const handle = await fs.open(absolute, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxFileSize) {
        return failedRead(file, `file is ${(size / 1048576).toFixed(1)} MiB, over the ${(maxFileSize / 1048576).toFixed(1)} MiB limit; skipped (raise it with --max-file-size)`);
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return failedRead(file, describeFsError(error, 'file'));
  }
  return parseBytes(file, bytes);
}

export async function parseBytes(file: string, bytes: Uint8Array): Promise<ReadResult> {
  const decoded = decodeText(bytes, file);
  if ('error' in decoded) return failedRead(file, decoded.error.message, decoded.error.line);
  const format = formatOf(file) ?? 'yaml';
  return { parsed: await parseSource(file, decoded.text, format), bytes: bytes.length };
}
