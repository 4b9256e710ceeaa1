// The Race Lab helper process: never the extension host.  Reads requests
// (one JSON object a line) on stdin, runs one at a time, writes messages on
// stdout.  stdin closing (the extension went away) cancels and exits.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { HelperMessage, HelperRequest } from '../protocol';
import { buildTools, Tools } from './jail';
import { run } from './runner';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forklint-racelab-'));
let tools: Promise<Tools> | undefined;
let current: { id: string; abort: AbortController; done: Promise<void> } | undefined;

function send(m: HelperMessage): void {
  process.stdout.write(JSON.stringify(m) + '\n');
}

function cleanup(): void {
  fs.rmSync(tmp, { recursive: true, force: true });
}

async function shutdown(): Promise<void> {
  current?.abort.abort();
  await current?.done;
  cleanup();
  process.exit(0);
}

function handle(req: HelperRequest): void {
  if (req.type === 'cancel') {
    current?.abort.abort();
    return;
  }
  if (req.type !== 'run') {
    send({ type: 'error', message: `unknown request ${JSON.stringify((req as { type?: unknown }).type)}` });
    return;
  }
  if (current) {
    send({ type: 'error', run: req.id, message: `run ${current.id} is in progress` });
    return;
  }
  const abort = new AbortController();
  const id = req.id ?? 'run';
  tools ??= buildTools(tmp);
  const done = tools
    .then((t) => run({ ...req, id }, t, send, abort.signal))
    .catch((e: Error) => {
      tools = undefined; // try building again next time
      send({ type: 'error', run: id, message: e.message });
    })
    .finally(() => {
      if (current?.id === id) current = undefined;
    });
  current = { id, abort, done };
}

let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buf += chunk;
  let nl: number;
  while ((nl = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, nl);
    buf = buf.slice(nl + 1);
    if (!line.trim()) continue;
    try {
      handle(JSON.parse(line) as HelperRequest);
    } catch (e) {
      send({ type: 'error', message: `bad request: ${(e as Error).message}` });
    }
  }
});
process.stdin.on('end', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
process.on('exit', cleanup);
