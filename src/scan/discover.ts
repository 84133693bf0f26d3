// Finds the files to scan under the given paths: git-ignored files,
// node_modules and excluded globs are skipped; symlink loops are cut.
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { InputError } from '../core/types.js';
import { formatOf } from '../inputs/source.js';

export interface DiscoveredFile {
  /** The path as the user gave it, joined with the path below it. */
  file: string;
  /** Absolute path, for reading. */
  absolute: string;
}

export interface DiscoverOptions {
  exclude: string[];
}

interface IgnoreScope {
  base: string;
  rules: Ignore;
}

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

export async function discover(paths: string[], options: DiscoverOptions): Promise<{ files: DiscoveredFile[]; errors: InputError[] }> {
  const files: DiscoveredFile[] = [];
  const errors: InputError[] = [];
  const excluded = options.exclude.length > 0 ? picomatch(options.exclude, { dot: true }) : () => false;
  const isExcluded = (display: string): boolean => {
    const normal = display.split(path.sep).join('/').replace(/^\.\//, '');
    return excluded(normal) || excluded(path.posix.basename(normal));
  };
  const seen = new Set<string>();

  for (const given of paths) {
    let stat;
    try {
      stat = await fs.stat(given);
    } catch (error) {
      errors.push({ file: given, message: describeFsError(error, 'path') });
      continue;
    }
    if (stat.isFile()) {
      // A file named explicitly is scanned whatever its name or ignore rules.
      const absolute = path.resolve(given);
      if (!seen.has(absolute)) {
        seen.add(absolute);
        files.push({ file: given, absolute });
      }
      continue;
    }
    if (!stat.isDirectory()) {
      errors.push({ file: given, message: 'not a regular file or directory; skipped' });
      continue;
    }
    const scopes = await ancestorIgnores(path.resolve(given));
    const visitedDirs = new Set<string>();
    await walk(given, scopes, visitedDirs);
  }
  return { files, errors };

  async function walk(dir: string, scopes: IgnoreScope[], visitedDirs: Set<string>): Promise<void> {
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch (error) {
      errors.push({ file: dir, message: describeFsError(error, 'directory') });
      return;
    }
    if (visitedDirs.has(real)) {
      errors.push({ file: dir, message: 'directory symlink loop; not followed again' });
      return;
    }
    visitedDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      errors.push({ file: dir, message: describeFsError(error, 'directory') });
      return;
    }
    const localScopes = scopes;
    const gitignore = entries.find((e) => e.name === '.gitignore' && e.isFile());
    if (gitignore) {
      try {
        const text = await fs.readFile(path.join(dir, '.gitignore'), 'utf8');
        localScopes.push({ base: path.resolve(dir), rules: ignore().add(text) });
      } catch {
        // An unreadable .gitignore only means nothing extra is ignored.
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const display = path.join(dir, entry.name);
      if (isExcluded(display)) continue;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(display);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          errors.push({ file: display, message: describeFsError(error, 'symlink target') });
          continue;
        }
      }
      const absolute = path.resolve(display);
      if (ignoredByGit(localScopes, absolute, isDir)) continue;
      if (isDir) await walk(display, [...localScopes], visitedDirs);
      else if (isFile && formatOf(entry.name) && !seen.has(absolute)) {
        seen.add(absolute);
        files.push({ file: display, absolute });
      }
    }
    if (gitignore) localScopes.pop();
  }
}

function ignoredByGit(scopes: IgnoreScope[], absolute: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const relative = path.relative(scope.base, absolute);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const posix = relative.split(path.sep).join('/');
    if (scope.rules.ignores(isDir ? `${posix}/` : posix)) return true;
  }
  return false;
}

/** .gitignore files between the repository root and a scanned directory. */
async function ancestorIgnores(start: string): Promise<IgnoreScope[]> {
  const chain: string[] = [];
  let dir = path.dirname(start);
  for (;;) {
    chain.push(dir);
    if (await exists(path.join(dir, '.git'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) return []; // not in a repository: no ancestor rules apply
    dir = parent;
  }
  const scopes: IgnoreScope[] = [];
  for (const ancestor of chain.reverse()) {
    try {
      const text = await fs.readFile(path.join(ancestor, '.gitignore'), 'utf8');
      scopes.push({ base: ancestor, rules: ignore().add(text) });
    } catch {
      // no .gitignore here
    }
  }
  return scopes;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

export function describeFsError(error: unknown, what: string): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return `${what} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `${what} is not readable (permission denied)`;
    case 'ELOOP':
      return `${what} is a symlink loop`;
    case 'EISDIR':
      return `${what} is a directory`;
    default:
      return `${what} could not be read (${code ?? (error as Error)?.message ?? 'unknown error'})`;
  }
}
