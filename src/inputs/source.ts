// One source file, parsed: the part of loading that is pure and can run on any
// thread. Turning parsed sources into resources happens on the model side
// (inputs/index.ts), because classification needs no more than plain data.
import { findCommentDirectives, type CommentDirective } from '../core/suppression.js';
import type { InputError } from '../core/types.js';
import { parseYamlStream, type ParsedDocument } from './yaml/parse.js';

export type SourceFormat = 'yaml';

export interface ParsedSource {
  file: string;
  format: SourceFormat;
  /** YAML/JSON documents, for formats that have them. */
  documents: ParsedDocument[];
  errors: InputError[];
  directives: CommentDirective[];
}

/** The format a file name implies, or undefined for files the scan ignores. */
export function formatOf(fileName: string): SourceFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml') || lower.endsWith('.json')) return 'yaml';
  return undefined;
}

export async function parseSource(file: string, text: string, format: SourceFormat): Promise<ParsedSource> {
  const directives = findCommentDirectives(text);
  switch (format) {
    case 'yaml': {
      const { documents, errors } = parseYamlStream(text, file);
      return { file, format, documents, errors, directives };
    }
  }
}
