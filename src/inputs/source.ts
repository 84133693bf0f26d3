// One source file, parsed: the part of loading that is pure and can run on any
// thread. Turning parsed sources into resources happens on the model side
// (inputs/index.ts), because classification needs no more than plain data.
import { findCommentDirectives, type CommentDirective } from '../core/suppression.js';
import type { InputError } from '../core/types.js';
import { CFN_TAGS } from './cfn/tags.js';
import { isDockerfileName, parseDockerfile, type DockerfileModel } from './dockerfile/parse.js';
import type { TerraformFile } from './terraform/file.js';
import { parseTerraform } from './terraform/parse.js';
import { parseYamlStream, type ParsedDocument } from './yaml/parse.js';

export type SourceFormat = 'yaml' | 'dockerfile' | 'terraform';

export interface ParsedSource {
  file: string;
  format: SourceFormat;
  /** YAML/JSON documents, for formats that have them. */
  documents: ParsedDocument[];
  /** A Dockerfile's model. */
  dockerfile?: DockerfileModel;
  /** A Terraform file's blocks and positions. */
  terraform?: TerraformFile;
  errors: InputError[];
  directives: CommentDirective[];
}

const CFN_SHORT_TAG = /!(?:Ref|Sub|GetAtt|Join|Select|Split|If|Equals|And|Or|Not|FindInMap|GetAZs|ImportValue|Base64|Cidr|Condition|Transform|GetStackOutput)\b/;

/** The format a file name implies, or undefined for files the scan ignores. */
export function formatOf(fileName: string): SourceFormat | undefined {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml') || lower.endsWith('.json') || lower.endsWith('.template')) return 'yaml';
  if (lower.endsWith('.tf')) return 'terraform';
  if (isDockerfileName(base)) return 'dockerfile';
  return undefined;
}

export async function parseSource(file: string, text: string, format: SourceFormat): Promise<ParsedSource> {
  const directives = findCommentDirectives(text);
  switch (format) {
    case 'yaml': {
      // CloudFormation's short tags (`!Ref`) change nothing in other YAML, but
      // registering them costs the parser per document: only where they occur.
      const { documents, errors } = parseYamlStream(text, file, CFN_SHORT_TAG.test(text) ? { customTags: CFN_TAGS } : {});
      return { file, format, documents, errors, directives };
    }
    case 'terraform': {
      const { payload, errors } = await parseTerraform(file, text);
      return { file, format, documents: [], terraform: payload, errors, directives };
    }
    case 'dockerfile': {
      const { payload, errors } = parseDockerfile(file, text);
      return { file, format, documents: [], dockerfile: payload, errors, directives };
    }
  }
}
