// Reads platform.yaml: YAML (bounded), the JSON Schema, then the checks a
// schema cannot express (references between services, clashes, secrets).
// Every error names the field path and its line and column; the spec is
// returned only when there is no error at all.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { PLATFORM_SPEC_SCHEMA } from './schema.js';
import { checkSpec, type SpecProblem } from './check-spec.js';
import { describeCredentialType, detectCredentialValue, safeName } from '../core/credentials.js';
import type { PlatformSpec } from './spec.js';

/** Specs are short; anything larger is not one. */
export const MAX_SPEC_BYTES = 1024 * 1024;

export type SpecPath = Array<string | number>;

export interface SpecError {
  /** e.g. services[1].image */
  path: string;
  line: number;
  column: number;
  message: string;
}

export interface LoadedSpec {
  spec?: PlatformSpec;
  errors: SpecError[];
}

/** Compiled on first use: other commands of the CLI do not pay for it. */
let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, verbose: true, strict: true }).compile(PLATFORM_SPEC_SCHEMA);
  return validator;
}

/** `services[1].image` from ['services', 1, 'image']. */
export function formatPath(path: SpecPath): string {
  let out = '';
  // A key can be a pasted token: shown only when it does not look like one.
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? safeName(part) : `.${safeName(part)}`;
  return out === '' ? '(document)' : out;
}

export function formatSpecError(file: string, error: SpecError): string {
  return `${file}:${error.line}:${error.column}: ${error.path}: ${error.message}`;
}

/** Edit distance, for "did you mean" (keys are short; bounded by the caller). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** Keys under which a literal secret is a common mistake, and the reference field to use instead. */
const LITERAL_SECRET_KEYS: Record<string, string> = {
  apiUrl: 'apiUrlSecret',
  api_url: 'apiUrlSecret',
  webhookUrl: 'apiUrlSecret',
  url: 'apiUrlSecret',
  serviceKey: 'serviceKeySecret',
  service_key: 'serviceKeySecret',
  routingKey: 'serviceKeySecret',
  integrationKey: 'serviceKeySecret',
};

/** Fields whose values are digests, ARNs or keys by design, not credentials pasted by mistake. */
const STRUCTURED_FIELDS = new Set(['image', 'arn', 'kms', 'oidcProvider', 'publicKey', 'subject', 'issuer']);

class Locator {
  constructor(
    private readonly root: YamlNode | null,
    private readonly lines: LineCounter,
  ) {}

  /** Line and column of the node at `path` (of its key when `key`), or of its nearest existing ancestor. */
  at(path: SpecPath, key = false): { line: number; column: number } {
    let node: unknown = this.root;
    let offset = this.root?.range?.[0] ?? 0;
    for (const [index, part] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) break;
        const keyNode = pair.key as YamlNode;
        const last = index === path.length - 1;
        offset = key && last ? (keyNode.range?.[0] ?? offset) : ((pair.value as YamlNode | null)?.range?.[0] ?? keyNode.range?.[0] ?? offset);
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number' && part < node.items.length) {
        node = node.items[part];
        offset = (node as YamlNode).range?.[0] ?? offset;
      } else break;
    }
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}

function pointerToPath(pointer: string): SpecPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^(0|[1-9][0-9]*)$/.test(p) ? Number(p) : p));
}

function valueAt(data: unknown, path: SpecPath): unknown {
  let value = data;
  for (const part of path) value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[part] : undefined;
  return value;
}

/** A schema problem, with the field a misspelt or literal field stands for (its "missing" error is then redundant). */
interface SchemaProblem extends SpecProblem {
  standsFor?: string;
  missing?: string;
}

/** One schema error in words a user acts on. */
function schemaProblem(error: ErrorObject, data: unknown): SchemaProblem {
  const path = pointerToPath(error.instancePath);
  const described = (error.parentSchema as { description?: string } | undefined)?.description;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String((error.params as { additionalProperty: string }).additionalProperty);
      const shown = safeName(field);
      const reference = LITERAL_SECRET_KEYS[field];
      if (reference) {
        return {
          path: [...path, field],
          key: true,
          standsFor: reference,
          message: `a literal secret is not accepted here; use ${reference}: { name, key } to reference a Kubernetes Secret`,
        };
      }
      const allowed = Object.keys((error.parentSchema as { properties?: Record<string, unknown> }).properties ?? {});
      const suggestion = closest(field, allowed);
      const hint = suggestion ? `did you mean "${suggestion}"?` : `allowed: ${allowed.join(', ')}`;
      return { path: [...path, field], key: true, standsFor: suggestion, message: `unknown field "${shown}"; ${hint}` };
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { path, missing, message: `missing required field "${missing}"` };
    }
    case 'pattern':
    case 'maxLength': {
      const value = valueAt(data, path);
      if (typeof value === 'string' && /[*?]/.test(value)) {
        return { path, message: `wildcards are not allowed: name exactly one resource${described ? ` (${described})` : ''}` };
      }
      return { path, message: `must be ${described ?? `a string matching ${(error.params as { pattern?: string }).pattern ?? 'the schema'}`}` };
    }
    case 'enum':
      return { path, message: `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}` };
    case 'type': {
      const parent = path[path.length - 1];
      if ((parent === 'apiUrlSecret' || parent === 'serviceKeySecret') && typeof valueAt(data, path) === 'string') {
        return { path, message: 'a literal secret is not accepted here; give a reference { name, key } to a Kubernetes Secret' };
      }
      return { path, message: `must be ${(error.params as { type: string }).type === 'integer' ? 'an integer' : `of type ${(error.params as { type: string }).type}`}` };
    }
    case 'minProperties':
    case 'maxProperties':
      return { path, message: described ? `invalid: ${described}` : (error.message ?? 'invalid') };
    default:
      return { path, message: error.message ?? 'invalid' };
  }
}

/** The part of the spec a path is in: `cluster`, `services[2]`, `alerting`, or the top level. */
function partOf(path: SpecPath): string {
  if (path.length === 0) return '';
  return path[0] === 'services' && typeof path[1] === 'number' ? `services[${path[1]}]` : String(path[0]);
}

/** Strings that look like credentials, wherever they are (a token pasted where a name goes). */
function credentialProblems(value: unknown, path: SpecPath, found: SpecProblem[]): void {
  if (found.length > 20) return;
  if (typeof value === 'string') {
    const field = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
    if (field && STRUCTURED_FIELDS.has(field)) return;
    const detection = detectCredentialValue(value, { key: field });
    if (detection) {
      found.push({
        path,
        message: `looks like a literal secret (${describeCredentialType(detection.type)}); the spec takes references to secrets, never their values`,
      });
    }
  } else if (Array.isArray(value)) value.forEach((item, i) => credentialProblems(item, [...path, i], found));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) credentialProblems(v, [...path, k], found);
  }
}

/** Parses and checks a spec; `file` is used in positions only. */
export function loadSpecText(text: string, file: string): LoadedSpec {
  if (Buffer.byteLength(text) > MAX_SPEC_BYTES) {
    return { errors: [{ path: '(document)', line: 1, column: 1, message: `larger than ${MAX_SPEC_BYTES} bytes; not a platform spec` }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { path: '(document)', line, column: col, message: `YAML: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { errors: [{ path: '(document)', line: 1, column: 1, message: `YAML: ${(error as Error).message}` }] };
  }
  const locator = new Locator(doc.contents as YamlNode | null, lines);
  const problems: SpecProblem[] = [];
  const validate = schemaValidator();
  if (!validate(data)) {
    const found = (validate.errors ?? []).map((error) => schemaProblem(error, data));
    const standIns = new Set(found.filter((p) => p.standsFor).map((p) => `${formatPath(p.path.slice(0, -1))}\u0000${p.standsFor}`));
    problems.push(...found.filter((p) => !(p.missing && standIns.has(`${formatPath(p.path)}\u0000${p.missing}`))));
    // The checks across fields still run for the parts (cluster, each service, alerting) the schema accepts.
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
      const broken = new Set(found.map((p) => partOf(p.path)));
      problems.push(...checkSpec(data as PlatformSpec).filter((p) => !broken.has(partOf(p.path))));
    }
  } else {
    problems.push(...checkSpec(data as PlatformSpec));
  }
  // Credential-shaped values, except where an error already points (e.g. `apiUrl:` with a webhook URL).
  const reported = new Set(problems.map((p) => formatPath(p.path)));
  const credentials: SpecProblem[] = [];
  credentialProblems(data, [], credentials);
  problems.push(...credentials.filter((p) => !reported.has(formatPath(p.path))));
  const seen = new Set<string>();
  const errors: SpecError[] = [];
  for (const problem of problems) {
    const path = formatPath(problem.path);
    const key = `${path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ path, ...locator.at(problem.path, problem.key), message: problem.message });
  }
  errors.sort((a, b) => a.line - b.line || a.column - b.column || a.path.localeCompare(b.path));
  return errors.length > 0 ? { errors } : { spec: data as PlatformSpec, errors };
}
