// `forklint vendor-safespawn DIR`: copies safespawn.h and safespawn.c - the
// files this package ships in native-runtime/ - into a project folder, and
// says how to build them in. The safespawn rewrite (`--fix-kind rewrite`)
// makes code include "safespawn.h"; this is how the project gets it. The
// editor's "forklint: Add safespawn to this project" (client/add-safespawn.ts)
// and the language server's rewrite action use the same functions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, EXIT_CLEAN } from './errors';

export const SAFESPAWN_FILES = ['safespawn.h', 'safespawn.c'] as const;

/** native-runtime/ of this package (this module runs from out/cli/; the extension passes its own folder). */
export function shippedSafespawnDir(): string {
  return path.resolve(__dirname, '..', '..', 'native-runtime');
}

export interface VendorResult {
  dir: string;
  written: string[];
  unchanged: string[];
}

/** What copying into a folder would do, read before anything is written. */
export interface VendorPlan {
  dir: string;
  files: { name: string; text: Buffer; dest: string; same: boolean; exists: boolean }[];
  /** Files already in the folder with other content (full paths): a local copy someone may have changed. */
  differing: string[];
}

export function planVendor(dir: string, from = shippedSafespawnDir()): VendorPlan {
  const files = SAFESPAWN_FILES.map((name) => {
    const src = path.join(from, name);
    let text: Buffer;
    try {
      text = fs.readFileSync(src);
    } catch (e) {
      throw new CliError(`cannot read forklint's copy of ${name} (${src}): ${(e as Error).message}`);
    }
    const dest = path.join(dir, name);
    let old: Buffer | undefined;
    try {
      old = fs.readFileSync(dest);
    } catch {
      old = undefined;
    }
    return { name, text, dest, same: !!old && old.equals(text), exists: !!old };
  });
  return { dir, files, differing: files.filter((p) => p.exists && !p.same).map((p) => p.dest) };
}

/**
 * Writes a plan. Differing files are replaced only with `force`, and then
 * nothing is written unless both can be.
 */
export function writeVendor(plan: VendorPlan, opts: { force?: boolean } = {}): VendorResult {
  const { dir, files, differing } = plan;
  if (differing.length && !opts.force) {
    throw new CliError(`${differing.join(' and ')} already exist${differing.length === 1 ? 's' : ''} with other content; --force replaces ${differing.length === 1 ? 'it' : 'them'}`);
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const p of files) if (!p.same) fs.writeFileSync(p.dest, p.text);
  } catch (e) {
    throw new CliError(`cannot write to ${dir}: ${(e as Error).message}`);
  }
  return { dir, written: files.filter((p) => !p.same).map((p) => p.name), unchanged: files.filter((p) => p.same).map((p) => p.name) };
}

/**
 * Copies the two files into `dir` (created if missing). A file already there
 * with other content is a local copy someone may have changed: it is replaced
 * only with `force`.
 */
export function vendorSafespawn(dir: string, opts: { force?: boolean; from?: string } = {}): VendorResult {
  return writeVendor(planVendor(dir, opts.from), opts);
}

/** The one-line summary of a copy, with the folder as the user named it. */
export function vendorSummary(r: VendorResult, shown: string): string {
  const what = (xs: string[]) => xs.join(' and ');
  if (r.written.length) return `copied ${what(r.written)} to ${shown}${r.unchanged.length ? ` (${what(r.unchanged)} already up to date)` : ''}`;
  return `${what(r.unchanged)} in ${shown} are already up to date`;
}

/** One line each for make, CMake and meson, with the folder as the project will name it. */
export function buildInstructions(dir: string, cwd: string): string {
  const rel = path.relative(cwd, dir).split(path.sep).join('/') || '.';
  return [
    `Build it into your program (safespawn.c is C11; it needs -pthread), with the folder ${rel}:`,
    `  make:  prog: prog.o ${rel}/safespawn.o   with  CPPFLAGS += -I${rel}  and  LDLIBS += -pthread`,
    `  CMake: find_package(Threads REQUIRED)  target_sources(prog PRIVATE ${rel}/safespawn.c)  target_include_directories(prog PRIVATE ${rel})  target_link_libraries(prog Threads::Threads)`,
    `  meson: executable('prog', 'prog.c', '${rel}/safespawn.c', include_directories: '${rel}', dependencies: dependency('threads'))`,
    '',
  ].join('\n');
}

export const VENDOR_USAGE = 'usage: forklint vendor-safespawn [--force] DIR';

export function vendorCommand(argv: readonly string[], io: { cwd: string; stdout: NodeJS.WritableStream }): number {
  let force = false;
  const dirs: string[] = [];
  for (const a of argv) {
    if (a === '--force') force = true;
    else if (a === '--help' || a === '-h') {
      io.stdout.write(`${VENDOR_USAGE}\n\nCopies safespawn.h and safespawn.c into DIR (created if missing) and says how to build them in.\nA file already in DIR with other content is replaced only with --force.\n`);
      return EXIT_CLEAN;
    } else if (a.startsWith('-') && a !== '-') throw new CliError(`vendor-safespawn: unknown option '${a}' (${VENDOR_USAGE})`);
    else dirs.push(a);
  }
  if (dirs.length !== 1) throw new CliError(VENDOR_USAGE);
  const dir = path.resolve(io.cwd, dirs[0]);
  const r = vendorSafespawn(dir, { force });
  io.stdout.write(`forklint: ${vendorSummary(r, path.relative(io.cwd, dir) || '.')}\n`);
  io.stdout.write(buildInstructions(dir, io.cwd));
  return EXIT_CLEAN;
}

/**
 * After `--fix --fix-kind rewrite`: when files now include "safespawn.h" and
 * the project has no safespawn.h (none in their folders or above, none in the
 * working directory's tree a few levels down), how to get it.
 */
export function rewriteNotes(sources: readonly { path: string; abs?: string; text: string; original: string }[], cwd: string): string[] {
  const inc = /^[ \t]*#[ \t]*include[ \t]*"safespawn\.h"/m;
  const fresh = sources.filter((s) => s.abs && inc.test(s.text) && !inc.test(s.original));
  if (!fresh.length) return [];
  const root = path.resolve(cwd);
  if (findBelow(root, 'safespawn.h', 3)) return [];
  const missing = fresh.filter((s) => !findUp(path.dirname(s.abs!), root, 'safespawn.h'));
  if (!missing.length) return [];
  const names = missing.slice(0, 3).map((s) => s.path).join(', ') + (missing.length > 3 ? ` and ${missing.length - 3} more` : '');
  return [`${names} now include${missing.length === 1 ? 's' : ''} "safespawn.h", and this project has none: add it with \`forklint vendor-safespawn DIR\``];
}

/**
 * Whether a file's project has a safespawn.h: one in the project root's tree
 * a few levels down, or in the file's folder or one above it up to the root.
 */
export function projectHasSafespawn(file: string, root: string): boolean {
  return findBelow(root, 'safespawn.h', 3) || findUp(path.dirname(file), root, 'safespawn.h');
}

function findUp(dir: string, stop: string, name: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, name))) return true;
    if (d === stop || path.dirname(d) === d || !d.startsWith(stop)) return false;
  }
}

/** A file of that name in dir or its folders, `depth` levels down (hidden folders and node_modules skipped). */
function findBelow(dir: string, name: string, depth: number): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  if (entries.some((e) => e.isFile() && e.name === name)) return true;
  if (depth === 0) return false;
  return entries.some((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules' && findBelow(path.join(dir, e.name), name, depth - 1));
}
