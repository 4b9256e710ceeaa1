// child_process.spawn's arguments, normalized as Node normalizes them
// (lib/child_process.js normalizeSpawnArguments, getValidStdio), into what
// the binding takes.
import { fileURLToPath } from 'url';
import { isMainThread } from 'worker_threads';
import { argTypeError, argValueError, signalNumber } from './errors';

export type StdioEntry = 'pipe' | 'overlapped' | 'ignore' | 'inherit' | number | null | undefined | { fd: number } | NodeJS.ReadableStream | NodeJS.WritableStream;
export type StdioOptions = 'pipe' | 'overlapped' | 'ignore' | 'inherit' | StdioEntry[];

export interface SpawnOptions {
  cwd?: string | URL;
  env?: NodeJS.ProcessEnv;
  argv0?: string;
  stdio?: StdioOptions;
  /** setsid(): the child leads a new session and process group */
  detached?: boolean;
  /** run `file args...` through /bin/sh -c (or this shell) */
  shell?: boolean | string;
  /** ms; then the child gets killSignal */
  timeout?: number;
  killSignal?: NodeJS.Signals | number;
  signal?: AbortSignal;
  /** accepted for compatibility; meaningless on POSIX */
  windowsHide?: boolean;
  windowsVerbatimArguments?: boolean;
}

export interface SpawnSyncOptions extends SpawnOptions {
  input?: string | NodeJS.ArrayBufferView;
  maxBuffer?: number;
  encoding?: BufferEncoding | 'buffer' | null;
}

export interface Normalized {
  file: string;
  /** argv, argv[0] included */
  argv: string[];
  /** spawnargs as child_process reports them: argv */
  args: string[];
  /** undefined: this process's environment as it is (environ) */
  env: string[] | undefined;
  cwd: string | undefined;
  detached: boolean;
  /** per child fd: PIPE, IGNORE or a descriptor of ours */
  stdio: number[];
  killSignal: number;
  timeout: number;
}

const SIGTERM = signalNumber('SIGTERM');

function nullCheck(v: string, name: string): void {
  if (v.includes('\u0000')) throw argValueError(name, v, 'must be a string without null bytes');
}

/** Where a stream-ish stdio entry has a descriptor (net.Socket, fs streams, our pipes). */
function streamFd(s: object): number | undefined {
  const o = s as { fd?: unknown; _handle?: { fd?: unknown } };
  if (typeof o.fd === 'number' && o.fd >= 0) return o.fd;
  if (o._handle && typeof o._handle.fd === 'number' && o._handle.fd >= 0) return o._handle.fd;
  return undefined;
}

let defaultStdio: number[] | undefined;

function stdioCodes(stdio: StdioOptions | undefined, PIPE: number, IGNORE: number): number[] {
  let list: StdioEntry[];
  if (stdio === undefined || stdio === null || stdio === 'pipe') return (defaultStdio ??= [PIPE, PIPE, PIPE]); // read only
  else if (typeof stdio === 'string') {
    if (!['pipe', 'overlapped', 'ignore', 'inherit'].includes(stdio)) throw argValueError('stdio', stdio, 'is invalid');
    list = [stdio, stdio, stdio];
  } else if (Array.isArray(stdio)) list = [...stdio];
  else throw argValueError('stdio', stdio, 'is invalid');
  while (list.length < 3) list.push(undefined);
  return list.map((s, i) => {
    if (s === null || s === undefined) return i < 3 ? PIPE : IGNORE;
    if (s === 'pipe' || s === 'overlapped') return PIPE;
    if (s === 'ignore') return IGNORE;
    if (s === 'inherit') return i;
    if (typeof s === 'number') {
      if (!Number.isInteger(s)) throw argValueError('stdio', s, 'is invalid');
      return s < 0 ? IGNORE : s; // libuv: a negative descriptor is an ignored one
    }
    if (typeof s === 'string') {
      if ((s as string) === 'ipc') throw argValueError('stdio', s, 'is not supported by safespawn (no IPC channel)');
      const err = new TypeError(`Asynchronous forks do not support Buffer, TypedArray, DataView or string input: '${s}'`) as TypeError & { code: string };
      err.code = 'ERR_INVALID_SYNC_FORK_INPUT'; // as child_process says it
      throw err;
    }
    if (typeof s === 'object') {
      const fd = streamFd(s);
      if (fd !== undefined) return fd;
    }
    throw argValueError('stdio', s, 'is invalid');
  });
}

/** process.env as NAME=value pairs, as child_process builds them (prototype keys too). */
export function envPairs(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const key in env) {
    const v = env[key];
    if (v === undefined) continue;
    const pair = `${key}=${v}`;
    nullCheck(pair, 'options.env');
    out.push(pair);
  }
  return out;
}

export function normalize(file: unknown, args: unknown, options: unknown, PIPE: number, IGNORE: number): Normalized {
  if (typeof file !== 'string') throw argTypeError('file', 'of type string', file);
  if (file.length === 0) throw argValueError('file', file, 'cannot be empty');
  nullCheck(file, 'file');
  let argList: string[];
  if (Array.isArray(args)) argList = args.map((a) => `${a}`);
  else if (args === undefined || args === null) argList = [];
  else if (typeof args === 'object' && options === undefined) {
    options = args;
    argList = [];
  } else throw argTypeError('args', 'an instance of Array', args);
  for (const a of argList) nullCheck(a, 'args');
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object') throw argTypeError('options', 'of type object', options);
  const o = options as SpawnOptions & { uid?: unknown; gid?: unknown; serialization?: unknown };
  if (o.uid !== undefined || o.gid !== undefined) throw argValueError('options', { uid: o.uid, gid: o.gid }, 'uid/gid are not supported by safespawn');

  let cwd: string | undefined;
  if (o.cwd !== undefined && o.cwd !== null) {
    cwd = o.cwd instanceof URL ? fileURLToPath(o.cwd) : o.cwd;
    if (typeof cwd !== 'string') throw argTypeError('options.cwd', 'of type string or an instance of URL', o.cwd);
    nullCheck(cwd, 'options.cwd');
  }
  if (o.argv0 !== undefined && typeof o.argv0 !== 'string') throw argTypeError('options.argv0', 'of type string', o.argv0);
  if (o.shell !== undefined && typeof o.shell !== 'boolean' && typeof o.shell !== 'string') throw argTypeError('options.shell', 'of type boolean or string', o.shell);

  if (o.shell) {
    // child_process: the command line is file and args joined by spaces
    const command = [file, ...argList].join(' ');
    file = typeof o.shell === 'string' ? o.shell : '/bin/sh';
    argList = ['-c', command];
  }
  const f = file as string;
  const argv = [typeof o.argv0 === 'string' ? o.argv0 : f, ...argList];

  let env: string[] | undefined;
  if (o.env !== undefined && o.env !== null) {
    if (typeof o.env !== 'object') throw argTypeError('options.env', 'of type object', o.env);
    env = envPairs(o.env);
    // child_process always passes its coverage directory on
    const cov = process.env.NODE_V8_COVERAGE;
    if (cov && !Object.prototype.hasOwnProperty.call(o.env, 'NODE_V8_COVERAGE')) env.push(`NODE_V8_COVERAGE=${cov}`);
  } else if (!isMainThread) {
    // a worker's process.env is its own copy, not this process's environ
    env = envPairs(process.env);
  }

  const timeout = o.timeout ?? 0;
  if (typeof timeout !== 'number' || !(timeout >= 0)) throw argValueError('options.timeout', timeout, 'must be a non-negative number');
  return {
    file: f,
    argv,
    args: argList,
    env,
    cwd,
    detached: !!o.detached,
    stdio: stdioCodes(o.stdio, PIPE, IGNORE),
    killSignal: o.killSignal === undefined ? SIGTERM : signalNumber(o.killSignal),
    timeout,
  };
}
