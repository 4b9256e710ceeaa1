// Runs the engine over one program: in-process for a few files, else in worker
// threads (each builds the whole program and lints its share), merged and sorted.
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Program, type EngineConfig, type Finding, type SourceFile, type WrapperInfo } from './engine';
import { packSources } from './pack';
import type { FromWorker, ToWorker, WorkerInput } from './lint-worker';

/** Below this many files, starting workers costs more than it saves. */
export const WORKER_THRESHOLD = 50;
const MAX_WORKERS = 4;

export interface LintRunOptions {
  config: EngineConfig;
  /** Workers to use from WORKER_THRESHOLD files up (--jobs; default min(cores, 4)); 1 forces in-process. */
  jobs?: number;
  onProgress?: (done: number, total: number) => void;
  /** Told how the run is split (for FORKLINT_DEBUG). */
  onStart?: (files: number, workers: number) => void;
}

/**
 * Each worker holds the whole program (cross-file calls need it), so workers
 * pay in memory: on two cores, linting glibc's tree in-process took 7.0 s and
 * 359 MB, with two workers 5.6 s and 641 MB. --jobs is the user's call; the
 * default leaves one core to the main thread (so two cores lint in-process)
 * and stops at four.
 */
export function workerCount(files: number, jobs?: number): number {
  if (files < WORKER_THRESHOLD) return 1;
  return Math.max(1, jobs ?? Math.min(os.availableParallelism() - 1, MAX_WORKERS));
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start.line - b.range.start.line
    || a.range.start.character - b.range.start.character
    || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
    || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Sorted, and with any finding two workers both reported kept once. */
export function mergeFindings(lists: readonly Finding[][]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const list of lists) {
    for (const f of list) {
      const key = `${f.file}\0${f.ruleId}\0${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}\0${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
  }
  return out.sort(compareFindings);
}

/** Longest-first onto the least-loaded worker: the shares end at about the same time. */
export function shareBySize(sizes: readonly number[], workers: number): number[][] {
  const shares: number[][] = Array.from({ length: workers }, () => []);
  const load = new Array<number>(workers).fill(0);
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  for (const i of order) {
    let w = 0;
    for (let j = 1; j < workers; j++) if (load[j] < load[w]) w = j;
    shares[w].push(i);
    load[w] += sizes[i] + 1;
  }
  return shares;
}

/** One worker thread, its messages read in order (progress is passed on as it comes). */
class LintWorker {
  private readonly worker: Worker;
  private readonly queue: FromWorker[] = [];
  private waiting?: { resolve: (m: FromWorker) => void; reject: (e: Error) => void };
  private failure?: Error;

  constructor(input: WorkerInput, onProgress: (n: number) => void) {
    this.worker = new Worker(path.join(__dirname, 'lint-worker.js'), { workerData: input });
    this.worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'progress') onProgress(msg.done);
      else if (msg.type === 'error') this.fail(new Error(msg.message));
      else if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w.resolve(msg);
      } else this.queue.push(msg);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`a lint worker stopped (exit code ${code}) before it finished`)));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(this.failure);
  }

  send(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  /** The next message, which must be of this type. */
  async receive<T extends FromWorker['type']>(type: T): Promise<Extract<FromWorker, { type: T }>> {
    const msg = this.queue.shift() ?? (this.failure ? undefined : await new Promise<FromWorker>((resolve, reject) => { this.waiting = { resolve, reject }; }));
    if (!msg) throw this.failure;
    if (msg.type !== type) throw new Error(`a lint worker sent '${msg.type}' where '${type}' was due`);
    return msg as Extract<FromWorker, { type: T }>;
  }

  async stop(): Promise<void> {
    this.failure ??= new Error('stopped');
    await this.worker.terminate();
  }
}

/** Stricter kinds win when two files define a wrapper of one name differently (fork-or-vfork gets vfork's rules). */
const KIND_RANK: Record<string, number> = { fork: 0, clone: 1, 'clone-vm': 2, vfork: 3 };
const stricter = (a: WrapperInfo['kind'] | undefined, b: WrapperInfo['kind']) => (a !== undefined && (KIND_RANK[a] ?? 0) >= (KIND_RANK[b] ?? 0) ? a : b);

/** Adds the wrappers not known yet, or known with a laxer kind; returns them. */
function mergeWrappers(known: Map<string, WrapperInfo['kind']>, lists: readonly WrapperInfo[][]): WrapperInfo[] {
  const fresh = new Map<string, WrapperInfo['kind']>();
  for (const list of lists) {
    for (const w of list) {
      const had = known.get(w.name);
      if (had !== undefined && stricter(had, w.kind) === had) continue;
      fresh.set(w.name, stricter(fresh.get(w.name), w.kind));
    }
  }
  for (const [name, kind] of fresh) known.set(name, kind);
  return [...fresh].map(([name, kind]) => ({ name, kind }));
}

/** The workers trade spawn wrappers until none finds a new one, then lint their shares. */
async function lintInWorkers(files: readonly SourceFile[], n: number, opts: LintRunOptions): Promise<Finding[]> {
  const packed = packSources(files);
  const shares = shareBySize(packed.entries.map((e) => e.length), n);
  let done = 0;
  const progress = (k: number) => {
    done += k;
    opts.onProgress?.(done, files.length);
  };
  const workers = shares.map((share) => new LintWorker({ packed, share, config: opts.config }, progress));
  try {
    const known = new Map<string, WrapperInfo['kind']>();
    let lists = (await Promise.all(workers.map((w) => w.receive('wrappers')))).map((m) => m.list);
    for (let fresh = mergeWrappers(known, lists); fresh.length > 0; fresh = mergeWrappers(known, lists)) {
      for (const w of workers) w.send({ type: 'wrappers', list: fresh });
      lists = (await Promise.all(workers.map((w) => w.receive('wrappers')))).map((m) => m.list);
    }
    for (const w of workers) w.send({ type: 'lint' });
    const results = await Promise.all(workers.map((w) => w.receive('done')));
    return mergeFindings(results.map((r) => r.findings));
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

export async function lintProgram(files: readonly SourceFile[], opts: LintRunOptions): Promise<Finding[]> {
  const n = workerCount(files.length, opts.jobs);
  opts.onStart?.(files.length, n);
  if (n <= 1) {
    const program = new Program(opts.config);
    for (const f of files) program.addFile(f);
    return mergeFindings([await program.lintAsync(undefined, opts.onProgress)]);
  }
  return lintInWorkers(files, n, opts);
}
