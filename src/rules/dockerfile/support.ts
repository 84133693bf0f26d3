// Helpers the Dockerfile rules share: how a stage is named in messages, which
// image a stage really starts from, variable substitution for USER, and the
// commands and assignments an instruction carries.
import { parseAssignment, type Assignment } from '../../core/credentials.js';
import type { DockerfileModel, KeyValue, Stage } from '../../inputs/dockerfile/parse.js';

/** Long references are cut in messages; they name images, never secrets. */
export function shownImage(image: string): string {
  return image.length > 160 ? `${image.slice(0, 160)}…` : image;
}

/** `final stage`, `stage "builder"` or `stage 2`, for messages. */
export function stageLabel(model: DockerfileModel, index: number): string {
  const stage = model.stages[index];
  const final = index === model.stages.length - 1;
  const named = stage?.name ? ` "${stage.name}"` : '';
  if (final) return `final stage${named}`;
  return named ? `stage${named}` : `stage ${index + 1}`;
}

/** The stage at the root of `index`'s FROM <stage> chain: the one that pulls the base image. */
export function rootStage(model: DockerfileModel, index: number): number {
  let current = index;
  // Following only earlier stages guarantees the walk ends.
  for (let guard = 0; guard <= model.stages.length; guard++) {
    const base = model.stages[current]?.baseStage;
    if (base === null || base === undefined || base >= current) break;
    current = base;
  }
  return current;
}

export interface BaseImage {
  /** The stage whose FROM pulls the image. */
  stage: number;
  /** The FROM image as written. */
  written: string;
  /** With ARG defaults substituted; null when that is not possible. */
  resolved: string | null;
}

/** The image a stage is ultimately built on (through FROM <stage>). */
export function baseImageOf(model: DockerfileModel, index: number): BaseImage | undefined {
  const root = rootStage(model, index);
  const stage = model.stages[root];
  if (!stage) return undefined;
  return { stage: root, written: stage.image.trim(), resolved: stage.resolvedImage === null ? null : stage.resolvedImage.trim() };
}

export function isScratch(image: string): boolean {
  return image.toLowerCase() === 'scratch';
}

/** True when `name` (case-insensitively) is an `AS` name of some stage. */
export function isStageName(model: DockerfileModel, name: string): boolean {
  const lower = name.toLowerCase();
  return model.stages.some((s) => s.name !== null && s.name.toLowerCase() === lower);
}

const MAX_VARIABLE_TEXT = 1024;
/** `${NAME}`, `${NAME:-default}`, `${NAME-default}` or `$NAME`. */
const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]{0,127})(?::?-([^}]{0,256}))?\}|([A-Za-z_][A-Za-z0-9_]{0,127}))/g;

/** Substitutes variables from `values`; null when one is unknown and has no default. */
export function substituteVariables(text: string, values: ReadonlyMap<string, string | null>): string | null {
  if (text.length > MAX_VARIABLE_TEXT) return null;
  let unresolved = false;
  const result = text.replace(VARIABLE, (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const value = values.get(braced ?? bare ?? '');
    if (value !== undefined && value !== null && value !== '') return value;
    if (fallback !== undefined) return fallback;
    unresolved = true;
    return '';
  });
  return unresolved || result.includes('$') ? null : result;
}

function assign(values: Map<string, string | null>, pairs: readonly KeyValue[], before: number, globals: ReadonlyMap<string, string | null>, isArg: boolean): void {
  for (const pair of pairs) {
    if (pair.line >= before) continue;
    if (pair.value === null) {
      // `ARG NAME` inside a stage brings a global ARG's default into scope.
      values.set(pair.key, isArg ? (globals.get(pair.key) ?? null) : null);
    } else {
      values.set(pair.key, substituteVariables(pair.value, values));
    }
  }
}

/**
 * The variables in scope at `line` of stage `index`: ENV of the stages it
 * builds on and ENV/ARG of its own instructions before that line (ARG scope
 * ends with its stage; ENV is inherited). Defaults only: a build may override
 * ARGs with --build-arg.
 */
export function variablesAt(model: DockerfileModel, index: number, line: number): Map<string, string | null> {
  const globals = new Map<string, string | null>();
  for (const arg of model.globalArgs) globals.set(arg.key, arg.value === null ? null : substituteVariables(arg.value, globals));
  const chain: number[] = [];
  for (let current: number | null = index, guard = 0; current !== null && guard <= model.stages.length; guard++) {
    chain.unshift(current);
    const base: number | null | undefined = model.stages[current]?.baseStage;
    current = base !== null && base !== undefined && base < current ? base : null;
  }
  const values = new Map<string, string | null>();
  for (const stageIndex of chain) {
    const stage = model.stages[stageIndex];
    const own = stageIndex === index;
    // Instructions interleave: apply ENV and ARG in line order.
    const pairs = [...stage.env.map((p) => ({ p, arg: false })), ...(own ? stage.args.map((p) => ({ p, arg: true })) : [])].sort((a, b) => a.p.line - b.p.line || a.p.column - b.p.column);
    for (const { p, arg } of pairs) assign(values, [p], own ? line : Number.POSITIVE_INFINITY, globals, arg);
  }
  return values;
}

/** Every key/value pair the Dockerfile declares, with its path in the model. */
export interface DeclaredPair {
  pair: KeyValue;
  instruction: 'ENV' | 'ARG';
  /** Stage index, or null for a global ARG (before the first FROM). */
  stage: number | null;
  path: Array<string | number>;
}

export function declaredPairs(model: DockerfileModel): DeclaredPair[] {
  const result: DeclaredPair[] = model.globalArgs.map((pair, i) => ({ pair, instruction: 'ARG' as const, stage: null, path: ['globalArgs', i] }));
  model.stages.forEach((stage: Stage, s) => {
    stage.args.forEach((pair, i) => result.push({ pair, instruction: 'ARG', stage: s, path: ['stages', s, 'args', i] }));
    stage.env.forEach((pair, i) => result.push({ pair, instruction: 'ENV', stage: s, path: ['stages', s, 'env', i] }));
  });
  return result.sort((a, b) => a.pair.line - b.pair.line || a.pair.column - b.pair.column);
}

/** Where a declared pair is, for messages: `ARG X before the first FROM`, `ENV X in stage "builder"`. */
export function pairPlace(model: DockerfileModel, declared: DeclaredPair): string {
  return declared.stage === null ? 'before the first FROM' : `in ${stageLabel(model, declared.stage)}`;
}

/** A command-bearing instruction of a stage, with its path. */
export interface CommandSite {
  instruction: 'RUN' | 'CMD' | 'ENTRYPOINT' | 'HEALTHCHECK';
  stage: number;
  /** The command as one string (exec form joined by spaces). */
  text: string;
  /** The command's words, quotes removed. */
  words: string[];
  path: Array<string | number>;
}

const MAX_WORDS = 2000;
const MAX_COMMAND = 64 * 1024;

function unquote(word: string): string {
  let w = word;
  while (w.length > 0 && (w[0] === '"' || w[0] === "'")) w = w.slice(1);
  while (w.length > 0 && ['"', "'", ';', ','].includes(w[w.length - 1])) w = w.slice(0, -1);
  return w;
}

function commandWords(parts: readonly string[]): string[] {
  const words: string[] = [];
  for (const part of parts) {
    for (const word of part.slice(0, MAX_COMMAND).split(/\s+/)) {
      if (words.length >= MAX_WORDS) return words;
      const w = unquote(word);
      if (w !== '') words.push(w);
    }
  }
  return words;
}

export function commandSites(model: DockerfileModel): CommandSite[] {
  const sites: CommandSite[] = [];
  model.stages.forEach((stage, s) => {
    const add = (instruction: CommandSite['instruction'], command: readonly string[], path: Array<string | number>) => {
      if (command.length === 0) return;
      sites.push({ instruction, stage: s, text: command.join(' ').slice(0, MAX_COMMAND), words: commandWords(command), path });
    };
    stage.run.forEach((run, i) => add('RUN', run.command, ['stages', s, 'run', i]));
    if (stage.cmd) add('CMD', stage.cmd.command, ['stages', s, 'cmd']);
    if (stage.entrypoint) add('ENTRYPOINT', stage.entrypoint.command, ['stages', s, 'entrypoint']);
    if (stage.healthcheck && !stage.healthcheck.none) add('HEALTHCHECK', stage.healthcheck.command, ['stages', s, 'healthcheck']);
  });
  return sites;
}

/** `KEY=value` words of a command (`export API_TOKEN=…`, `--password=…`), quotes removed. */
export function commandAssignments(words: readonly string[]): Assignment[] {
  const result: Assignment[] = [];
  for (const word of words) {
    if (!word.includes('=')) continue;
    const assignment = parseAssignment(word);
    if (assignment) result.push(assignment);
  }
  return result;
}
