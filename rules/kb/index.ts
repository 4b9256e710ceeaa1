// forklint's knowledge base of C and C++ library functions: the data files in ./data,
// merged into one record per function name. Synchronous; built once, on first use.
import asData from './data/async-signal-safe.json';
import vforkData from './data/vfork-child-allowlist.json';
import setidData from './data/setid.json';
import execData from './data/exec-family.json';
import noreturnData from './data/noreturn.json';
import threadsData from './data/threads.json';
import signalData from './data/signal-install.json';
import unsafeData from './data/unsafe.json';
import libcData from './data/libc-names.json';
import { canonicalise, type NameTable } from './names';
import {
  checkEntries,
  checkFile,
  type AsyncSignalSafeFile,
  type DataFile,
  type ExecFile,
  type LibcNamesFile,
  type NoreturnFile,
  type SetidEntry,
  type SignalInstallEntry,
  type Sourced,
  type ThreadEntry,
  type UnsafeEntry,
  type VforkFile,
} from './schema';

export interface ForkSafety { libc: 'glibc' | 'musl'; since: string; how: string; source: string }
export interface FunctionInfo {
  name: string;                 // canonical name looked up
  asyncSignalSafe: boolean;     // on POSIX's plain list
  asCaveat?: string;            // caveat text if on the caveats list
  vforkAllowed: boolean;        // on the vfork-child allowlist (never true for set*id wrappers)
  setid: boolean;
  exec?: { pathSearch: boolean; takesEnv: boolean; variadic: boolean };
  noreturn?: { kind: 'process-exit' | 'process-exit-via-exit' | 'abort' | 'nonlocal-jump' | 'thread-exit'; conditional?: string };
  createsThread: boolean;
  installsHandler?: { handlerArg?: number; viaStruct?: boolean; atfork?: boolean };
  category?: string;            // from unsafe.json
  hazard?: string;              // one sentence, from unsafe.json (or a generic sentence for libc names with no entry)
  forkSafeIn: ForkSafety[];
  isLibc: boolean;              // a C or C++ standard library function (in libc-names.json, unsafe.json, or any list above)
}

// The JSON modules' inferred literal types are wider than the schema; schema.ts checks them at load.
const files = {
  'async-signal-safe.json': asData as unknown as AsyncSignalSafeFile,
  'vfork-child-allowlist.json': vforkData as unknown as VforkFile,
  'setid.json': setidData as unknown as DataFile<SetidEntry>,
  'exec-family.json': execData as unknown as ExecFile,
  'noreturn.json': noreturnData as unknown as NoreturnFile,
  'threads.json': threadsData as unknown as DataFile<ThreadEntry>,
  'signal-install.json': signalData as unknown as DataFile<SignalInstallEntry>,
  'unsafe.json': unsafeData as unknown as DataFile<UnsafeEntry>,
  'libc-names.json': libcData as unknown as LibcNamesFile,
};

export const kbSources: { file: string; sources: string[] }[] = Object.entries(files).map(([file, d]) => ({ file, sources: [...d.sources] }));

function genericHazard(name: string): string {
  return `${name}() is not async-signal-safe (POSIX, signal-safety(7)): it may take a lock or use state that another thread held at fork time.`;
}

interface Index {
  byName: Map<string, FunctionInfo>;
  aliases: Map<string, string>;
  curated: Set<string>;
  table: NameTable;
}

let built: Index | undefined;

function build(): Index {
  const byName = new Map<string, FunctionInfo>();
  const aliases = new Map<string, string>();
  const curated = new Set<string>();
  const get = (name: string): FunctionInfo => {
    let f = byName.get(name);
    if (!f) {
      f = { name, asyncSignalSafe: false, vforkAllowed: false, setid: false, createsThread: false, forkSafeIn: [], isLibc: true };
      byName.set(name, f);
    }
    return f;
  };
  const curatedEntries = <E extends Sourced>(file: keyof typeof files, entries: readonly E[], apply: (f: FunctionInfo, e: E) => void) => {
    checkFile(file, files[file]);
    checkEntries(file, entries);
    for (const e of entries) {
      curated.add(e.name);
      for (const a of e.aliases ?? []) {
        const prev = aliases.get(a);
        if (prev && prev !== e.name) throw new Error(`rules/kb/data/${file}: alias ${a} names both ${prev} and ${e.name}`);
        aliases.set(a, e.name);
      }
      apply(get(e.name), e);
    }
  };

  const as = files['async-signal-safe.json'];
  curatedEntries('async-signal-safe.json', as.entries, (f) => (f.asyncSignalSafe = true));
  checkEntries('async-signal-safe.json', as.caveats);
  for (const c of as.caveats) {
    curated.add(c.name);
    get(c.name).asCaveat = c.caveat;
  }

  const setid = files['setid.json'].entries;
  const setidNames = new Set(setid.map((e) => e.name));
  const vf = files['vfork-child-allowlist.json'];
  checkEntries('vfork-child-allowlist.json', vf.excluded.map((x) => ({ name: x.name, source: x.source })));
  curatedEntries('vfork-child-allowlist.json', vf.entries, (f, e) => {
    if (setidNames.has(e.name)) throw new Error(`rules/kb/data/vfork-child-allowlist.json: ${e.name} is a set*id wrapper (setid.json) and may not be allowed`);
    f.vforkAllowed = true;
  });
  curatedEntries('setid.json', setid, (f) => (f.setid = true));

  curatedEntries('exec-family.json', files['exec-family.json'].entries, (f, e) => {
    f.exec = { pathSearch: e.pathSearch, takesEnv: e.takesEnv, variadic: e.variadic };
  });
  curatedEntries('noreturn.json', files['noreturn.json'].entries, (f, e) => {
    f.noreturn = e.conditional ? { kind: e.kind, conditional: e.conditional } : { kind: e.kind };
  });
  curatedEntries('threads.json', files['threads.json'].entries, (f) => (f.createsThread = true));
  curatedEntries('signal-install.json', files['signal-install.json'].entries, (f, e) => {
    const h: FunctionInfo['installsHandler'] = {};
    if (e.handlerArg !== undefined) h.handlerArg = e.handlerArg;
    if (e.viaStruct) h.viaStruct = true;
    if (e.atfork) h.atfork = true;
    f.installsHandler = h;
  });
  curatedEntries('unsafe.json', files['unsafe.json'].entries, (f, e) => {
    f.category = e.category;
    f.hazard = e.hazard;
    f.forkSafeIn = (e.forkSafeIn ?? []).map((s) => ({ libc: s.libc, since: s.since, how: s.how, source: s.source }));
  });

  // Where unsafe.json says nothing, the set*id and exit-family files carry the hazard that matters for these calls.
  for (const e of setid) {
    const f = get(e.name);
    if (!f.hazard) {
      f.hazard = e.hazard;
      f.category = 'setid';
    }
  }
  for (const e of files['noreturn.json'].entries) {
    const f = get(e.name);
    if (!f.hazard && e.hazard) {
      f.hazard = e.hazard;
      f.category = e.category ?? 'exit';
    }
  }

  const libc = files['libc-names.json'];
  checkFile('libc-names.json', libc);
  for (const n of libc.names) {
    const f = get(n);
    if (!f.hazard && !f.asyncSignalSafe && !f.vforkAllowed) f.hazard = genericHazard(n);
  }

  for (const [a, target] of aliases) {
    if (byName.has(a)) throw new Error(`rules/kb: alias ${a} (of ${target}) is also an entry of its own`);
  }
  for (const f of byName.values()) {
    Object.freeze(f.forkSafeIn);
    for (const s of f.forkSafeIn) Object.freeze(s);
    if (f.exec) Object.freeze(f.exec);
    if (f.noreturn) Object.freeze(f.noreturn);
    if (f.installsHandler) Object.freeze(f.installsHandler);
    Object.freeze(f);
  }
  const table: NameTable = {
    has: (n) => byName.has(n),
    curated: (n) => curated.has(n),
    alias: (n) => aliases.get(n),
  };
  return { byName, aliases, curated, table };
}

function index(): Index {
  return (built ??= build());
}

export function canonicalName(name: string): string {
  return canonicalise(name, index().table);
}

/** undefined = nothing known (another library's API). */
export function lookup(name: string): FunctionInfo | undefined {
  return index().byName.get(canonicalName(name));
}

export function isThreadCreation(name: string): boolean {
  return lookup(name)?.createsThread ?? false;
}

export function allEntries(): FunctionInfo[] {
  return [...index().byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
