// Dockerfiles (and Containerfiles) as a plain-data model of their build
// stages: what each FROM builds on and the instructions rules care about.
// The model crosses worker threads, so it holds no parser objects.
import { DockerfileParser, Keyword, ModifiableInstruction, type Arg, type Env, type From, type Instruction } from 'dockerfile-ast';
import type { InputError } from '../../core/types.js';

/** 1-based position of an instruction or one of its parts. */
export interface Located {
  line: number;
  column: number;
}

/** An ENV or ARG pair; `value` is null for `ARG NAME` without a default. */
export interface KeyValue extends Located {
  key: string;
  value: string | null;
}

export interface Flag {
  name: string;
  value: string | null;
}

export interface CommandInstruction extends Located {
  /** Exec form (a JSON array, run without a shell); otherwise shell form. */
  exec: boolean;
  /** The exec form's strings, or the shell form's command as one whitespace-normalised string. */
  command: string[];
}

export interface RunInstruction extends CommandInstruction {
  flags: Flag[];
}

export interface CopyInstruction extends Located {
  instruction: 'COPY' | 'ADD';
  sources: string[];
  destination: string | null;
  chown: string | null;
  chmod: string | null;
  /** `--from=<stage or image>`. */
  from: string | null;
  /** Some source is fetched over the network (ADD of a URL or git repository). */
  remote: boolean;
  flags: Flag[];
}

export interface Healthcheck extends CommandInstruction {
  /** `HEALTHCHECK NONE`: disables any health check inherited from the base image. */
  none: boolean;
  flags: Flag[];
}

export interface UserInstruction extends Located {
  /** As written: `nonroot:nonroot`, `65532`, `${APP_UID}`. */
  value: string;
}

export interface Port extends Located {
  /** As written: `8080`, `8080/tcp`, `${PORT}`. */
  port: string;
}

export interface Stage extends Located {
  /** The FROM image as written, e.g. `golang:1.22`, `${BASE}` or a stage name. */
  image: string;
  /**
   * `image` with `${VAR}`/`$VAR` taken from the defaults of ARGs declared
   * before the first FROM; null when a variable has no default or is written
   * in another form. A build may override those defaults with --build-arg.
   */
  resolvedImage: string | null;
  /** The `AS` name as written (Docker compares stage names case-insensitively). */
  name: string | null;
  platform: string | null;
  /** Index of the earlier stage this one builds on (`FROM <stage>`), else null. */
  baseStage: number | null;
  /** The last USER of the stage: the user it ends with. */
  user: UserInstruction | null;
  env: KeyValue[];
  args: KeyValue[];
  run: RunInstruction[];
  /** COPY and ADD, in order. */
  copy: CopyInstruction[];
  expose: Port[];
  /** The last of each, as the last one wins. */
  healthcheck: Healthcheck | null;
  entrypoint: CommandInstruction | null;
  cmd: CommandInstruction | null;
}

export interface DockerfileModel {
  /** ARGs declared before the first FROM, the only ones FROM lines can use. */
  globalArgs: KeyValue[];
  stages: Stage[];
}

export interface DockerfileParseResult {
  payload: DockerfileModel;
  errors: InputError[];
}

const BASE_NAMES = ['dockerfile', 'containerfile'];
/** Real Dockerfiles are a few KiB; the parser slows down badly on huge ones. */
const MAX_DOCKERFILE_LENGTH = 1024 * 1024;
const KEYWORDS = new Set<string>(Object.values(Keyword));
const NOT_A_DOCKERFILE = /\.(?:dockerignore|md|txt|ya?ml|json|j2|tmpl|tpl|erb|orig|bak|swp)$/;
const REMOTE_SOURCE = /^(?:https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;
/** `${NAME}` or `$NAME`; other forms (`${NAME:-x}`) are left unresolved. */
const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `Containerfile` (any
 * case), but not the ignore files, docs, data and templates named after them.
 */
export function isDockerfileName(name: string): boolean {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).toLowerCase();
  if (NOT_A_DOCKERFILE.test(base)) return false;
  return BASE_NAMES.some((b) => base === b || base.startsWith(`${b}.`) || base.endsWith(`.${b}`));
}

function at(range: { start: { line: number; character: number } }): Located {
  return { line: range.start.line + 1, column: range.start.character + 1 };
}

function flagsOf(instruction: Instruction): Flag[] {
  if (!(instruction instanceof ModifiableInstruction)) return [];
  return instruction.getFlags().map((f) => ({ name: f.getName(), value: f.getValue() }));
}

function flag(flags: Flag[], name: string): string | null {
  return flags.find((f) => f.name === name)?.value ?? null;
}

function words(instruction: Instruction): string[] {
  return instruction.getArguments().map((a) => a.getValue());
}

/** Exec form is what Docker accepts as a JSON array of strings; anything else runs in a shell. */
function command(instruction: Instruction, text: string | null, shellWords: string[]): CommandInstruction {
  let parsed: unknown;
  try {
    parsed = text?.trimStart().startsWith('[') ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const exec = Array.isArray(parsed) && parsed.every((s) => typeof s === 'string');
  return { ...at(instruction.getRange()), exec, command: exec ? (parsed as string[]) : [shellWords.join(' ')] };
}

function pairs(instruction: Arg | Env): KeyValue[] {
  return instruction.getProperties().map((p) => ({ key: p.getName(), value: p.getValue(), ...at(p.getNameRange()) }));
}

/**
 * ARG declares one or more `NAME[=default]` words. The parser reads
 * `ARG A B` like ENV's legacy `ENV A B` form (A = "B"); such ARGs are re-read
 * word by word, which keeps their positions but not quoting.
 */
function argPairs(instruction: Arg): KeyValue[] {
  const legacy = instruction.getProperties().some((p) => p.getAssignmentOperator() === null && p.getValue() !== null);
  if (!legacy) return pairs(instruction);
  return instruction.getArguments().map((argument) => {
    const word = argument.getValue();
    const equals = word.indexOf('=');
    return { key: equals < 0 ? word : word.slice(0, equals), value: equals < 0 ? null : word.slice(equals + 1), ...at(argument.getRange()) };
  });
}

/** Substitutes `${VAR}`/`$VAR` from `values`; null when any variable is unknown or another `$` form remains. */
function substitute(text: string, values: ReadonlyMap<string, string | null>): string | null {
  let unresolved = false;
  const result = text.replace(VARIABLE, (_, braced: string | undefined, bare: string | undefined) => {
    const value = values.get(braced ?? bare ?? '');
    if (value === undefined || value === null) unresolved = true;
    return value ?? '';
  });
  return unresolved || result.includes('$') ? null : result;
}

/** Adds one instruction of a stage to the stage's model. */
function addInstruction(stage: Stage, instruction: Instruction, keyword: string): void {
  const position = at(instruction.getRange());
  switch (keyword) {
    case 'USER':
      stage.user = { ...position, value: instruction.getArgumentsContent() ?? '' };
      break;
    case 'ENV':
      stage.env.push(...pairs(instruction as Env));
      break;
    case 'ARG':
      stage.args.push(...argPairs(instruction as Arg));
      break;
    case 'RUN':
      stage.run.push({ ...command(instruction, instruction.getArgumentsContent(), words(instruction)), flags: flagsOf(instruction) });
      break;
    case 'COPY':
    case 'ADD': {
      const flags = flagsOf(instruction);
      const { exec, command: parts } = command(instruction, instruction.getArgumentsContent(), []);
      const all = exec ? parts : words(instruction);
      const sources = all.slice(0, -1);
      stage.copy.push({
        ...position,
        instruction: keyword,
        sources,
        destination: all.length > 1 ? all[all.length - 1] : null,
        chown: flag(flags, 'chown'),
        chmod: flag(flags, 'chmod'),
        from: flag(flags, 'from'),
        remote: sources.some((s) => REMOTE_SOURCE.test(s)),
        flags,
      });
      break;
    }
    case 'EXPOSE':
      for (const argument of instruction.getArguments()) stage.expose.push({ ...at(argument.getRange()), port: argument.getValue() });
      break;
    case 'HEALTHCHECK': {
      const flags = flagsOf(instruction);
      const all = words(instruction);
      if (all[0]?.toUpperCase() === 'NONE') {
        stage.healthcheck = { ...position, exec: false, command: [], none: true, flags };
        break;
      }
      const text = (instruction.getArgumentsContent() ?? '').replace(/^\s*CMD\b/i, '');
      stage.healthcheck = { ...command(instruction, text, all.slice(1)), none: false, flags };
      break;
    }
    case 'ENTRYPOINT':
      stage.entrypoint = command(instruction, instruction.getArgumentsContent(), words(instruction));
      break;
    case 'CMD':
      stage.cmd = command(instruction, instruction.getArgumentsContent(), words(instruction));
      break;
  }
}

/**
 * Parses a Dockerfile into its stages. Problems Docker would refuse the file
 * for (no FROM, unknown or misplaced instructions) are errors, but the model
 * of what could be read is always returned.
 */
export function parseDockerfile(file: string, text: string): DockerfileParseResult {
  const payload: DockerfileModel = { globalArgs: [], stages: [] };
  const errors: InputError[] = [];
  if (text.length > MAX_DOCKERFILE_LENGTH) {
    errors.push({ file, line: 1, message: `Dockerfile over ${MAX_DOCKERFILE_LENGTH / 1024} KiB; skipped` });
    return { payload, errors };
  }
  let instructions: Instruction[];
  try {
    instructions = DockerfileParser.parse(text).getInstructions();
  } catch (error) {
    errors.push({ file, line: 1, message: `cannot parse Dockerfile: ${(error as Error).message}` });
    return { payload, errors };
  }
  const globals = new Map<string, string | null>();
  const misplaced: InputError[] = [];
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    const { line } = at(instruction.getRange());
    if (!KEYWORDS.has(keyword)) {
      errors.push({ file, line, message: `unknown Dockerfile instruction ${JSON.stringify(instruction.getInstruction().slice(0, 40))}` });
      continue;
    }
    const stage = payload.stages[payload.stages.length - 1];
    if (keyword === 'FROM') {
      payload.stages.push(fromStage(instruction as From, payload.stages, globals));
      if (!(instruction as From).getImage()) errors.push({ file, line, message: 'FROM without an image' });
    } else if (stage) {
      addInstruction(stage, instruction, keyword);
    } else if (keyword === 'ARG') {
      // ARG defaults may use ARGs declared before them.
      for (const pair of argPairs(instruction as Arg)) {
        payload.globalArgs.push(pair);
        globals.set(pair.key, pair.value === null ? null : substitute(pair.value, globals));
      }
    } else {
      misplaced.push({ file, line, message: `${keyword} before the first FROM (only ARG may come before it)` });
    }
  }
  // Without any FROM, that is the one problem worth reporting.
  if (payload.stages.length === 0) errors.push({ file, line: 1, message: 'Dockerfile has no FROM instruction' });
  else errors.push(...misplaced);
  return { payload, errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

function fromStage(from: From, earlier: readonly Stage[], globals: ReadonlyMap<string, string | null>): Stage {
  const image = from.getImage() ?? '';
  const resolvedImage = substitute(image, globals);
  const reference = (resolvedImage ?? image).toLowerCase();
  let baseStage: number | null = null;
  earlier.forEach((stage, index) => {
    if (stage.name !== null && stage.name.toLowerCase() === reference) baseStage = index;
  });
  return {
    ...at(from.getRange()),
    image,
    resolvedImage,
    name: from.getBuildStage(),
    platform: from.getPlatformFlag()?.getValue() ?? null,
    baseStage,
    user: null,
    env: [],
    args: [],
    run: [],
    copy: [],
    expose: [],
    healthcheck: null,
    entrypoint: null,
    cmd: null,
  };
}
