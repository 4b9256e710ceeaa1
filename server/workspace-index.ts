// Finding the workspace's C/C++ files, in the background: the folders are
// walked asynchronously as the CLI walks them (hidden entries and
// node_modules skipped, .gitignore honoured at every level, the config's
// ignorePatterns applied), and each file is handed over as it is read. The
// engine's addFile is a cheap token scan, so this is mostly I/O.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageOf } from '../rules/index';

export interface IndexOptions {
  maxFileSize: number;
  /** The config's ignorePatterns, as a matcher. */
  ignored: (abs: string, isDir: boolean) => boolean;
  /** Stop early (a newer index run replaced this one). */
  cancelled: () => boolean;
  progress: (done: number, total: number) => void;
}

export interface IndexResult {
  files: number;
  bytes: number;
  /** Files left out: over the size cap, unreadable, or past the limits. */
  skipped: string[];
  truncated: boolean;
}

/** Bounds on what one workspace index holds, so a huge tree cannot exhaust memory. */
export const INDEX_LIMITS = { files: 20000, bytes: 256 * 1024 * 1024 };

interface Rules {
  dir: string;
  ig: Ignore;
}

async function gitignoreOf(dir: string): Promise<Rules | undefined> {
  try {
    return { dir, ig: ignore().add(await fs.promises.readFile(path.join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

function gitIgnored(abs: string, isDir: boolean, chain: readonly Rules[]): boolean {
  // The deepest .gitignore with an opinion decides (git's precedence).
  for (let i = chain.length - 1; i >= 0; i--) {
    const rel = path.relative(chain[i].dir, abs).split(path.sep).join('/') + (isDir ? '/' : '');
    const r = chain[i].ig.test(rel);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

export async function listSources(roots: readonly string[], opts: Pick<IndexOptions, 'ignored' | 'cancelled'>): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string, chain: Rules[]): Promise<void> => {
    if (opts.cancelled() || out.length >= INDEX_LIMITS.files) return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to index there
    }
    const own = await gitignoreOf(dir);
    const inner = own ? [...chain, own] : chain;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const abs = path.join(dir, e.name);
      // Linked folders are not walked (a link can make a cycle); linked files are read.
      const isDir = e.isDirectory();
      if (!isDir && !((e.isFile() || e.isSymbolicLink()) && languageOf(e.name))) continue;
      if (gitIgnored(abs, isDir, inner) || opts.ignored(abs, isDir)) continue;
      if (isDir) await walk(abs, inner);
      else if (!seen.has(abs)) {
        seen.add(abs);
        out.push(abs);
        if (out.length >= INDEX_LIMITS.files) return;
      }
    }
  };
  for (const r of roots) await walk(r, []);
  return out;
}

/** Reads the workspace's sources, handing each to `onFile`. */
export async function indexWorkspace(roots: readonly string[], opts: IndexOptions, onFile: (file: string, text: string) => void): Promise<IndexResult> {
  const result: IndexResult = { files: 0, bytes: 0, skipped: [], truncated: false };
  const files = await listSources(roots, opts);
  result.truncated = files.length >= INDEX_LIMITS.files;
  const BATCH = 32;
  for (let i = 0; i < files.length && !opts.cancelled(); i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const texts = await Promise.all(batch.map((f) => readSource(f, opts.maxFileSize)));
    if (opts.cancelled()) break;
    batch.forEach((f, k) => {
      const t = texts[k];
      if (t === undefined || result.bytes + t.length > INDEX_LIMITS.bytes) {
        result.skipped.push(f);
        if (t !== undefined) result.truncated = true;
        return;
      }
      result.files++;
      result.bytes += t.length;
      onFile(f, t);
    });
    opts.progress(Math.min(i + BATCH, files.length), files.length);
  }
  return result;
}

/** One file's disk text for the index, or undefined when it is not to be indexed. */
export async function readSource(file: string, maxFileSize: number): Promise<string | undefined> {
  try {
    const st = await fs.promises.stat(file);
    if (!st.isFile() || st.size > maxFileSize) return undefined;
    const buf = await fs.promises.readFile(file);
    if (buf.subarray(0, 8192).includes(0)) return undefined;
    return buf.toString('utf8');
  } catch {
    return undefined;
  }
}
