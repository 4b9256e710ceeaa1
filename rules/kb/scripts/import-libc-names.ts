// Regenerates rules/kb/data/libc-names.json: every public function glibc exports on this machine,
// so the engine can tell "a C library function on neither safe list" from "another library's API".
//
//   npx tsc -p . && node out/rules/kb/scripts/import-libc-names.js \
//       [--libc /lib/x86_64-linux-gnu/libc.so.6] [--nonshared /usr/lib/x86_64-linux-gnu/libc_nonshared.a] [--out file]
//
// Since glibc 2.34 libpthread, libdl, librt, libutil, libanl and most of libresolv live in libc.so.6,
// so one nm of it covers pthread_create, dlopen, timer_create, openpty, getaddrinfo_a…
// libc_nonshared.a (linked into every program by libc.so's linker script) adds atexit,
// at_quick_exit and pthread_atfork's default version.
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import type { LibcNamesFile } from '../schema';
import { dataPath, parseArgs, writeJson } from './util';

export const DEFAULT_LIBC = '/lib/x86_64-linux-gnu/libc.so.6';
export const DEFAULT_NONSHARED = '/usr/lib/x86_64-linux-gnu/libc_nonshared.a';

/**
 * Names that start with `_` but are documented public API. Everything else with a leading
 * underscore is glibc-internal (_IO_*, __libc_*, _dl_*, _nss_*, __*_chk, _obstack_* behind macros).
 */
export const PUBLIC_UNDERSCORE: Record<string, string> = {
  _exit: 'POSIX _exit(2)',
  _Exit: 'C99 / POSIX _Exit(2)',
  _Fork: 'POSIX.1-2024 _Fork, glibc 2.34',
  _setjmp: 'POSIX.1-2001 XSI _setjmp (setjmp(3))',
  _longjmp: 'POSIX.1-2001 XSI _longjmp (setjmp(3))',
  _tolower: 'POSIX.1-2001 XSI _tolower (toupper(3))',
  _toupper: 'POSIX.1-2001 XSI _toupper (toupper(3))',
  _flushlbf: 'stdio_ext(3)',
};

export interface Symbol {
  name: string;
  type: string;
  version?: string;
  isDefault: boolean;
}

/** Parses `nm -D --defined-only` (or plain `nm`) output lines: `ADDRESS TYPE NAME[@[@]VERSION]`. */
export function parseNm(text: string): Symbol[] {
  const out: Symbol[] = [];
  for (const line of text.split('\n')) {
    const m = /^[0-9a-fA-F]*\s+([A-Za-z])\s+([^@\s]+)(?:(@@?)(\S+))?$/.exec(line.trim());
    if (!m) continue;
    out.push({ name: m[2], type: m[1], version: m[4], isDefault: m[3] === '@@' || m[3] === undefined });
  }
  return out;
}

/** Functions only (T text, W weak, i ifunc); GLIBC_PRIVATE is not API. */
export function publicFunctions(syms: Symbol[]): { names: string[]; compatOnly: string[] } {
  const fn = syms.filter((s) => 'TWi'.includes(s.type) && s.version !== 'GLIBC_PRIVATE');
  const keep = (n: string) => !n.startsWith('_') || Object.prototype.hasOwnProperty.call(PUBLIC_UNDERSCORE, n);
  const all = new Set<string>();
  const withDefault = new Set<string>();
  for (const s of fn) {
    if (!keep(s.name)) continue;
    all.add(s.name);
    if (s.isDefault) withDefault.add(s.name);
  }
  const names = [...all].sort();
  return { names, compatOnly: names.filter((n) => !withDefault.has(n)) };
}

function dpkgVersion(pkg: string): string | undefined {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function installedLibc6Version(): string | undefined {
  return dpkgVersion('libc6');
}

export function collectLibcNames(libc = DEFAULT_LIBC, nonshared = DEFAULT_NONSHARED): LibcNamesFile {
  const dyn = parseNm(execFileSync('nm', ['-D', '--defined-only', libc], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const syms = [...dyn];
  const haveNonshared = fs.existsSync(nonshared);
  if (haveNonshared) syms.push(...parseNm(execFileSync('nm', ['--defined-only', nonshared], { encoding: 'utf8' })));
  const { names, compatOnly } = publicFunctions(syms);
  const sha = crypto.createHash('sha256').update(fs.readFileSync(libc)).digest('hex');
  const libc6 = dpkgVersion('libc6');
  const dev = haveNonshared ? dpkgVersion('libc6-dev') : undefined;
  return {
    description:
      'Every public function name glibc exports (libc.so.6 plus libc_nonshared.a), version suffixes stripped. ' +
      'Names with a leading underscore are dropped except documented ones; GLIBC_PRIVATE symbols and data objects are dropped. ' +
      '"compatOnly" lists names exported only under an old, non-default symbol version (still glibc functions).',
    generatedBy: 'rules/kb/scripts/import-libc-names.ts',
    sources: [
      `nm -D --defined-only ${libc} (sha256 ${sha}), symbol types T/W/i`,
      `Debian package libc6 ${libc6 ?? '(version unknown: dpkg-query failed)'}`,
      ...(haveNonshared ? [`nm --defined-only ${nonshared}, Debian package libc6-dev ${dev ?? '(version unknown)'}`] : []),
      'Kept underscore names: ' + Object.entries(PUBLIC_UNDERSCORE).map(([n, why]) => `${n} (${why})`).join(', '),
    ],
    names,
    compatOnly,
  };
}

function main(argv: string[]): void {
  const { opts } = parseArgs(argv);
  const file = collectLibcNames(opts.get('libc') ?? DEFAULT_LIBC, opts.get('nonshared') ?? DEFAULT_NONSHARED);
  const out = opts.get('out') ?? dataPath('libc-names.json');
  writeJson(out, file);
  console.log(`${out}: ${file.names.length} names (${file.compatOnly.length} compat-only)`);
}

if (require.main === module) main(process.argv.slice(2));
