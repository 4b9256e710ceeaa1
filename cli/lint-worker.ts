// A worker thread: builds the whole program (every file, so calls across files
// resolve) and lints its share of the files. Before linting, the workers trade
// the spawn wrappers (functions that return a fork's pid) their shares define,
// until no worker finds a new one, so that a wrapper defined in one share makes
// its call sites in another share spawn sites. See lint-run.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { Program, type EngineConfig, type WrapperInfo } from './engine';
import { unpackSources, type PackedSources } from './pack';

export interface WorkerInput {
  packed: PackedSources;
  /** Indices into the packed files this worker reports findings for. */
  share: number[];
  config: EngineConfig;
}

/** main → worker */
export type ToWorker = { type: 'wrappers'; list: WrapperInfo[] } | { type: 'lint' };
/** worker → main */
export type FromWorker =
  | { type: 'wrappers'; list: WrapperInfo[] }
  | { type: 'progress'; done: number }
  | { type: 'done'; findings: import('./engine').Finding[] }
  | { type: 'error'; message: string };

const port = parentPort!;
const post = (msg: FromWorker) => port.postMessage(msg);

function start(): void {
  const input = workerData as WorkerInput;
  const files = unpackSources(input.packed);
  const program = new Program(input.config);
  for (const f of files) program.addFile(f);
  const paths = input.share.map((i) => files[i].path);
  post({ type: 'wrappers', list: program.discoverWrappers(paths) });

  port.on('message', (msg: ToWorker) => {
    try {
      if (msg.type === 'wrappers') {
        program.addWrappers(msg.list);
        post({ type: 'wrappers', list: program.discoverWrappers(paths) });
      } else {
        let reported = 0;
        program.lintAsync(paths, (done) => {
          post({ type: 'progress', done: done - reported });
          reported = done;
        }).then((findings) => post({ type: 'done', findings }), fail);
      }
    } catch (err) {
      fail(err);
    }
  });
}

function fail(err: unknown): void {
  post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}

try {
  start();
} catch (err) {
  fail(err);
}
