// Regenerates rules/kb/data/async-signal-safe.json (and, with --vfork, the reference part of
// vfork-child-allowlist.json) from the shared reference text files.
//
//   npx tsc -p . && node out/rules/kb/scripts/import-reference.js ../shared/reference/async-signal-safe.txt \
//       [--vfork ../shared/reference/vfork-child-allowed.txt] [--out-dir rules/kb/data]
import * as fs from 'fs';
import * as path from 'path';
import type { AsyncSignalSafeFile, AsCaveat, VforkEntry, VforkFile } from '../schema';
import { dataPath, parseArgs, writeJson } from './util';

const CAVEATS_MARKER = '#### CAVEATS ####';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const GENERATED_BY = 'rules/kb/scripts/import-reference.ts';

/** Header comment items: each `# Key: …` line with its indented continuation lines, up to `# Format:`. */
function headerItems(lines: string[]): string[] {
  const items: string[] = [];
  for (const line of lines.slice(1)) {
    if (!line.startsWith('#') || line.startsWith('# Format:')) break;
    const body = line.replace(/^#\s?/, '');
    if (!body.trim()) continue;
    if (/^\s{2,}/.test(body) && items.length) items[items.length - 1] += ' ' + body.trim();
    else items.push(body.trim());
  }
  return items;
}

function splitSource(text: string, where: string): { text: string; source: string } {
  const at = text.indexOf(' -- ');
  if (at < 0) throw new Error(`${where}: no " -- source" part`);
  return { text: text.slice(0, at).trim(), source: text.slice(at + 4).trim() };
}

export interface ParsedAsyncSignalSafe {
  header: string[];
  safe: string[];
  caveats: { name: string; caveat: string; source: string }[];
  notListed: { names: string[]; note: string; source: string }[];
}

export function parseAsyncSignalSafe(text: string): ParsedAsyncSignalSafe {
  const lines = text.split(/\r?\n/);
  const marker = lines.findIndex((l) => l.trim() === CAVEATS_MARKER);
  if (marker < 0) throw new Error(`no "${CAVEATS_MARKER}" line`);
  const safe: string[] = [];
  lines.slice(0, marker).forEach((raw, i) => {
    const l = raw.trim();
    if (!l || l.startsWith('#')) return;
    if (!NAME.test(l)) throw new Error(`line ${i + 1}: "${l}" is not a function name`);
    if (safe.includes(l)) throw new Error(`line ${i + 1}: ${l} listed twice`);
    safe.push(l);
  });
  const caveats: ParsedAsyncSignalSafe['caveats'] = [];
  const notListed: ParsedAsyncSignalSafe['notListed'] = [];
  let inNotListed = false;
  lines.slice(marker + 1).forEach((raw, k) => {
    const where = `line ${marker + 2 + k}`;
    const l = raw.trim();
    if (!l) return;
    if (l.startsWith('#')) {
      if (/^# Not AS-safe any more/.test(l)) inNotListed = true;
      else if (inNotListed && /^#\s{3}\S/.test(raw)) {
        const [names, note, source] = l.replace(/^#\s*/, '').split(' -- ').map((s) => s.trim());
        if (!note || !source) throw new Error(`${where}: expected "names -- note -- source"`);
        notListed.push({ names: names.split(',').map((s) => s.trim()), note, source });
      } else inNotListed = false;
      return;
    }
    const m = /^(\S+)\s+#\s*(.*)$/.exec(l);
    if (!m || !NAME.test(m[1])) throw new Error(`${where}: expected "name  # caveat -- source"`);
    const { text: caveat, source } = splitSource(m[2], where);
    caveats.push({ name: m[1], caveat, source });
  });
  return { header: headerItems(lines), safe, caveats, notListed };
}

export function buildAsyncSignalSafeFile(text: string): AsyncSignalSafeFile {
  const p = parseAsyncSignalSafe(text);
  const commit = /commit ([0-9a-f]{12})[0-9a-f]*/.exec(p.header.find((h) => h.startsWith('Source:')) ?? '');
  const entrySource = `signal-safety(7)${commit ? `, Linux man-pages commit ${commit[1]}` : ''}`;
  return {
    description:
      'Functions POSIX requires to be async-signal-safe (entries), and functions that are safe only with conditions (caveats). ' +
      'POSIX.1-2024 removed fork (it runs atfork handlers) and added _Fork; fork is recorded only as a caveat.',
    generatedBy: GENERATED_BY,
    sources: ['shared/reference/async-signal-safe.txt (imported by ' + GENERATED_BY + ')', ...p.header],
    entries: p.safe.map((name) => ({ name, source: entrySource })),
    caveats: p.caveats.map((c): AsCaveat => ({ name: c.name, caveat: c.caveat, source: c.source })),
    notListed: p.notListed,
  };
}

const REF_PREFIX = 'shared/reference/vfork-child-allowed.txt';

/** glibc's and musl's set*id wrappers broadcast the change to every thread; the reference's raw-syscall uses are not wrapper calls. */
export const SETID_WRAPPERS = [
  'setuid', 'setgid', 'seteuid', 'setegid', 'setreuid', 'setregid',
  'setresuid', 'setresgid', 'setgroups', 'initgroups', 'setfsuid', 'setfsgid',
];
const NOT_LIBC: Record<string, string> = {
  PyEval_SaveThread:
    "CPython's own API, not a C library function: CPython's vfork child releases the GIL in the parent's memory, which the reference itself calls unusual; it says nothing about other programs",
};

export interface ParsedVfork {
  header: string[];
  impls: Map<string, string>;
  observations: string[];
  entries: { name: string; usedBy: string[]; posixAsyncSignalSafe: boolean; notes: string }[];
}

export function parseVforkAllowed(text: string): ParsedVfork {
  const lines = text.split(/\r?\n/);
  const impls = new Map<string, string>();
  let current: string | undefined;
  const observations: string[] = [];
  let inObs = false;
  const entries: ParsedVfork['entries'] = [];
  lines.forEach((raw, i) => {
    if (raw.startsWith('#')) {
      const impl = /^#\s{3}(glibc|musl|cpython)\s+(.*)$/.exec(raw);
      if (!inObs && impl) {
        current = impl[1];
        impls.set(current, `${impl[1]} ${impl[2].trim().replace(/\s+/g, ' ')}`);
      } else if (!inObs && current && /^#\s{5,}\S/.test(raw)) {
        impls.set(current, impls.get(current) + ' ' + raw.replace(/^#\s+/, '').trim());
      } else current = undefined;
      if (/^# Observations:/.test(raw)) inObs = true;
      else if (inObs) {
        const bullet = /^#\s+\*\s+(.*)$/.exec(raw);
        if (bullet) observations.push(bullet[1].trim());
        else if (/^#\s{5,}\S/.test(raw) && observations.length) observations[observations.length - 1] += ' ' + raw.replace(/^#\s+/, '').trim();
      }
      return;
    }
    const l = raw.trim();
    if (!l) return;
    const m = /^(\S+)\s+#\s*used-by:\s*([^|]+)\|\s*POSIX AS-safe:\s*(yes|no)\s*\|(.*)$/.exec(l);
    if (!m || !NAME.test(m[1])) throw new Error(`line ${i + 1}: expected "name  # used-by: … | POSIX AS-safe: yes|no | notes"`);
    entries.push({ name: m[1], usedBy: m[2].split(',').map((s) => s.trim()), posixAsyncSignalSafe: m[3] === 'yes', notes: m[4].trim() });
  });
  // Keep each implementation's source up to its commit (and date): the rest of the line is description.
  for (const [k, v] of impls) {
    const cut = /^(.*?commit [0-9a-f]{7,40}(?: \([0-9-]+\))?)/.exec(v);
    if (cut) impls.set(k, cut[1]);
  }
  return { header: headerItems(lines), impls, observations, entries };
}

export function buildVforkFile(text: string, existing?: VforkFile): VforkFile {
  const p = parseVforkAllowed(text);
  const setidObservation = p.observations.find((o) => o.startsWith('set*id:')) ?? 'set*id wrappers broadcast to all threads';
  const fromRef: VforkEntry[] = [];
  const excluded: VforkFile['excluded'] = [];
  for (const e of p.entries) {
    const source = e.usedBy
      .map((impl) => {
        const s = p.impls.get(impl);
        if (!s) throw new Error(`${e.name}: used-by names "${impl}", which the header does not describe`);
        return s;
      })
      .join('; ');
    if (SETID_WRAPPERS.includes(e.name)) {
      excluded.push({
        name: e.name,
        reason:
          `The reference's implementations make the raw ${e.name} syscall here, not the library wrapper, which makes every thread apply the change (see setid.json). Reference notes: ${e.notes}`,
        source: `${REF_PREFIX} (${setidObservation}); ${source}`,
      });
    } else if (NOT_LIBC[e.name]) {
      excluded.push({ name: e.name, reason: NOT_LIBC[e.name], source });
    } else {
      fromRef.push({ name: e.name, origin: 'reference', usedBy: e.usedBy, posixAsyncSignalSafe: e.posixAsyncSignalSafe, notes: e.notes, source });
    }
  }
  const refNames = new Set(p.entries.map((e) => e.name));
  const curated = (existing?.entries ?? []).filter((e) => e.origin === 'curated');
  for (const c of curated) if (refNames.has(c.name)) console.warn(`note: curated entry ${c.name} is now in the reference; the curated copy is dropped`);
  return {
    description:
      'Calls that real spawn code makes in a vfork()/clone(CLONE_VM) child (origin "reference", from the shared reference file), ' +
      'plus plain syscall wrappers of the same kind (origin "curated", each with its justification). ' +
      'The set*id wrappers are excluded on purpose (see "excluded" and setid.json).',
    generatedBy: GENERATED_BY + ' --vfork (reference entries; curated entries are kept from the previous file)',
    sources: [
      `${REF_PREFIX} (imported by ${GENERATED_BY})`,
      ...[...p.impls.values()].map((s) => `${REF_PREFIX}: ${s}`),
      ...(existing?.sources ?? []).filter((s) => !s.startsWith(REF_PREFIX)),
    ],
    entries: [...fromRef, ...curated.filter((c) => !refNames.has(c.name))],
    excluded: [...excluded, ...(existing?.excluded ?? []).filter((x) => !refNames.has(x.name))],
  };
}

function main(argv: string[]): void {
  const { positional, opts } = parseArgs(argv);
  if (positional.length !== 1) {
    console.error('usage: import-reference <async-signal-safe.txt> [--vfork <vfork-child-allowed.txt>] [--out-dir <dir>]');
    process.exit(2);
  }
  const outDir = opts.get('out-dir');
  const out = (f: string) => (outDir ? path.join(outDir, f) : dataPath(f));
  const as = buildAsyncSignalSafeFile(fs.readFileSync(positional[0], 'utf8'));
  writeJson(out('async-signal-safe.json'), as);
  console.log(`async-signal-safe.json: ${as.entries.length} functions, ${as.caveats.length} caveats`);
  const vf = opts.get('vfork');
  if (vf) {
    const target = out('vfork-child-allowlist.json');
    const existing = fs.existsSync(target) ? (JSON.parse(fs.readFileSync(target, 'utf8')) as VforkFile) : undefined;
    const v = buildVforkFile(fs.readFileSync(vf, 'utf8'), existing);
    writeJson(target, v);
    console.log(`vfork-child-allowlist.json: ${v.entries.length} entries, ${v.excluded.length} excluded`);
  }
}

if (require.main === module) main(process.argv.slice(2));
