// Turns a file's bytes into text, refusing what is not text.
import type { InputError } from '../core/types.js';

export type Decoded = { text: string } | { error: InputError };

const BINARY_PROBE = 8192;

export function decodeText(bytes: Uint8Array, file: string): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const probe = bytes.subarray(0, BINARY_PROBE);
  if (probe.includes(0)) return { error: { file, message: 'binary file (contains NUL bytes); skipped' } };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const bad = lossy.indexOf('\uFFFD');
    const line = bad < 0 ? undefined : countLines(lossy, bad);
    return { error: { file, line, message: 'invalid UTF-8; file skipped' } };
  }
}

function countLines(text: string, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
