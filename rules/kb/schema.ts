// The shapes of the data files in rules/kb/data/, and a check that a file has them.
// The files are data others edit by hand, so the loader checks them once instead of trusting them.

export interface Sourced {
  name: string;
  /** Where the fact came from: man page + section, POSIX, a libc source file and function. */
  source: string;
  notes?: string;
  /** Other spellings of the same function (`std::exit` for exit). */
  aliases?: string[];
}

export interface DataFile<E> {
  description?: string;
  sources: string[];
  entries: E[];
}

export interface AsEntry extends Sourced {}
export interface AsCaveat extends Sourced {
  caveat: string;
}
export interface AsyncSignalSafeFile extends DataFile<AsEntry> {
  generatedBy: string;
  caveats: AsCaveat[];
  notListed: { names: string[]; note: string; source: string }[];
}

export interface VforkEntry extends Sourced {
  origin: 'reference' | 'curated';
  usedBy: string[];
  posixAsyncSignalSafe: boolean;
}
export interface VforkFile extends DataFile<VforkEntry> {
  generatedBy: string;
  excluded: { name: string; reason: string; source: string }[];
}

export interface SetidEntry extends Sourced {
  hazard: string;
  /** The raw system call a vfork child should make instead (x86_64 names). */
  rawSyscall: string;
}

export interface ExecEntry extends Sourced {
  pathSearch: boolean;
  takesEnv: boolean;
  variadic: boolean;
  posixAsyncSignalSafe: boolean;
}
export interface ExecFile extends DataFile<ExecEntry> {
  syscallForms: { syscall: string; behavesAs: string; note: string; source: string }[];
}

export type NoreturnKind = 'process-exit' | 'process-exit-via-exit' | 'abort' | 'nonlocal-jump' | 'thread-exit';
export interface NoreturnEntry extends Sourced {
  kind: NoreturnKind;
  /** Ends by calling exit(): runs atexit handlers and flushes stdio. */
  viaExit: boolean;
  conditional?: string;
  category?: string;
  hazard?: string;
}
export interface NoreturnFile extends DataFile<NoreturnEntry> {
  syscallNotes: { syscall: string; note: string; source: string }[];
}

export interface ThreadEntry extends Sourced {
  kind: 'function' | 'class' | 'pragma';
  library: string;
  condition?: string;
}

export interface SignalInstallEntry extends Sourced {
  handlerArg?: number;
  viaStruct?: boolean;
  structFields?: string[];
  atfork?: boolean;
  handlers?: { prepare: number; parent: number; child: number };
}

export interface ForkSafetyData {
  libc: 'glibc' | 'musl';
  since: string;
  how: string;
  source: string;
}
export interface UnsafeEntry extends Sourced {
  category: string;
  hazard: string;
  forkSafeIn?: ForkSafetyData[];
}

export interface LibcNamesFile {
  description?: string;
  generatedBy: string;
  sources: string[];
  names: string[];
  compatOnly: string[];
}

function fail(file: string, what: string): never {
  throw new Error(`rules/kb/data/${file}: ${what}`);
}

/** Every entry has a non-empty name and source; names are unique within the file. */
export function checkEntries(file: string, entries: readonly Sourced[]): void {
  const seen = new Set<string>();
  for (const [i, e] of entries.entries()) {
    if (typeof e?.name !== 'string' || !e.name) fail(file, `entry ${i} has no name`);
    if (typeof e.source !== 'string' || !e.source.trim()) fail(file, `${e.name} has no source`);
    if (seen.has(e.name)) fail(file, `${e.name} appears twice`);
    seen.add(e.name);
  }
}

export function checkFile(file: string, data: { sources?: unknown }): void {
  if (!Array.isArray(data.sources) || data.sources.length === 0 || data.sources.some((s) => typeof s !== 'string' || !s.trim())) {
    fail(file, 'needs a non-empty top-level "sources" array of strings');
  }
}
