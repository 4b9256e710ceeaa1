// Which files a run lints. Named files are taken as they are (save the config's
// ignorePatterns); folders are walked for C/C++ sources, honouring .gitignore at
// every level, and skipping hidden entries (.git/, quilt's .pc/) and node_modules
// as ripgrep and ESLint do. Symbolic links to folders are not followed (cycles).
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface FoundFile {
  abs: string;
  /** Relative to cwd with '/' separators when inside it, else absolute: the path findings name. */
  display: string;
  /** Named on the command line (an unreadable one is an error, not a note). */
  explicit: boolean;
}

export interface DiscoverResult {
  files: FoundFile[];
  /** Paths that do not exist. */
  missing: string[];
  /** Problems that make the run fail (exit 2): an unreadable named folder. */
  errors: string[];
  /** Things skipped on the way, for stderr. */
  notes: string[];
}

export interface DiscoverOptions {
  cwd: string;
  /** Whether a file name is a C/C++ source the engine lints. */
  isSource: (file: string) => boolean;
  /** The config's ignorePatterns (gitignore syntax), relative to baseDir. */
  ignorePatterns: readonly string[];
  baseDir: string;
}

export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  if (rel === '' ) return '.';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return abs.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** .gitignore files, read once per folder. */
class GitignoreCache {
  private cache = new Map<string, Ignore | null>();
  constructor(private notes: string[], private cwd: string) {}
  get(dir: string): Ignore | null {
    let ig = this.cache.get(dir);
    if (ig !== undefined) return ig;
    ig = null;
    const file = path.join(dir, '.gitignore');
    try {
      ig = ignore().add(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.notes.push(`cannot read ${displayPath(file, this.cwd)}: ${(err as Error).message}; its patterns are not applied`);
    }
    this.cache.set(dir, ig);
    return ig;
  }
}

/** Whether the deepest .gitignore that has an opinion on the path ignores it (git's precedence). */
function gitIgnored(abs: string, isDir: boolean, chain: readonly string[], cache: GitignoreCache): boolean {
  for (let i = chain.length - 1; i >= 0; i--) {
    const ig = cache.get(chain[i]);
    if (!ig) continue;
    const rel = toPosix(path.relative(chain[i], abs)) + (isDir ? '/' : '');
    const r = ig.test(rel);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

/** The folders from the enclosing git work tree's root down to dir's parent, whose .gitignore files also apply. */
function ancestorChain(dir: string): string[] {
  const chain: string[] = [];
  let cur = path.dirname(dir);
  if (fs.existsSync(path.join(dir, '.git'))) return [];
  for (;;) {
    chain.unshift(cur);
    if (fs.existsSync(path.join(cur, '.git'))) return chain;
    const parent = path.dirname(cur);
    if (parent === cur) return []; // not in a git work tree: only the walked folders' own .gitignore files count
    cur = parent;
  }
}

/** A matcher for the config's ignorePatterns (gitignore syntax, relative to baseDir; paths outside it never match). */
export function ignorePatternMatcher(patterns: readonly string[], baseDir: string): (abs: string, isDir: boolean) => boolean {
  if (patterns.length === 0) return () => false;
  const ig = ignore().add([...patterns]);
  return (abs, isDir) => {
    const rel = path.relative(baseDir, abs);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return ig.ignores(toPosix(rel) + (isDir ? '/' : ''));
  };
}

export function discover(paths: readonly string[], opts: DiscoverOptions): DiscoverResult {
  const result: DiscoverResult = { files: [], missing: [], errors: [], notes: [] };
  const seen = new Set<string>();
  const cache = new GitignoreCache(result.notes, opts.cwd);
  const configIgnored = ignorePatternMatcher(opts.ignorePatterns, opts.baseDir);
  const add = (abs: string, explicit: boolean) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    result.files.push({ abs, display: displayPath(abs, opts.cwd), explicit });
  };

  const walk = (dir: string, chain: string[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      result.notes.push(`cannot read folder ${displayPath(dir, opts.cwd)}: ${(err as Error).message}; skipped`);
      return;
    }
    const inner = [...chain, dir];
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const abs = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        // Linked files are linted; linked folders are not walked (a link can make a cycle).
        try {
          isFile = fs.statSync(abs).isFile();
        } catch {
          isFile = false; // dangling
        }
        isDir = false;
      }
      if (!isDir && !(isFile && opts.isSource(e.name))) continue;
      if (gitIgnored(abs, isDir, inner, cache) || configIgnored(abs, isDir)) continue;
      if (isDir) walk(abs, inner);
      else add(abs, false);
    }
  };

  for (const p of paths) {
    const abs = path.resolve(opts.cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') result.missing.push(p);
      else result.errors.push(`cannot access ${p}: ${(err as Error).message}`);
      continue;
    }
    if (st.isDirectory()) {
      if (configIgnored(abs, true)) {
        result.notes.push(`${p}: skipped: matches the config's ignorePatterns`);
        continue;
      }
      try {
        fs.accessSync(abs, fs.constants.R_OK | fs.constants.X_OK);
      } catch (err) {
        result.errors.push(`cannot read folder ${p}: ${(err as Error).message}`);
        continue;
      }
      let chain = ancestorChain(abs);
      // A folder named on the command line is walked even if a parent's .gitignore excludes it.
      if (gitIgnored(abs, true, chain, cache)) chain = [];
      walk(abs, chain);
    } else if (configIgnored(abs, false)) {
      result.notes.push(`${p}: skipped: matches the config's ignorePatterns`);
    } else if (!opts.isSource(abs)) {
      result.notes.push(`${p}: skipped: not a C or C++ file (by its extension)`);
    } else {
      add(abs, true);
    }
  }
  return result;
}
