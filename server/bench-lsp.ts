// `npm run bench:lsp`: keystroke latency through the real protocol. A
// 10,000-line C file with spawn code is opened; 200 single-character edits
// (a character typed, then deleted, at random places) are sent one at a
// time, each timed from didChange sent to its publishDiagnostics received.
// The same edits are then sent as full-text changes (what a client without
// incremental sync sends; the server reparses from scratch) as the baseline.
// Last, the server's RSS with 200 open documents.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { Program } from '../rules/index';
import { Documents } from './documents';
import { TestClient } from './test-client';

/** A 10,000-line C file: ordinary code with `spawns` fork/exec functions spread through it. */
export function bigFile(spawns: number, lines = 10000): string {
  const plain = (i: number) => `
/* record ${i} */
struct rec_${i} { int id; char name[32]; double score; };

static int compare_${i}(const void *a, const void *b)
{
    const struct rec_${i} *x = a, *y = b;
    if (x->score < y->score)
        return -1;
    if (x->score > y->score)
        return 1;
    return strcmp(x->name, y->name);
}

static double average_${i}(const struct rec_${i} *r, size_t n)
{
    double sum = 0;
    for (size_t k = 0; k < n; k++) {
        sum += r[k].score;
        if (sum > 1e9)
            sum = 1e9;
    }
    return n ? sum / n : 0;
}
`;
  const spawn = (i: number) => `
static int run_cmd_${i}(const char *path, char *const argv[])
{
    pid_t pid;
    int status = 0;

    pid = fork();
    if (pid < 0) {
        perror("fork");
        return -1;
    }
    if (pid == 0) {
        close(0);
        execv(path, argv);
        exit(127);
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
`;
  const head = '#include <errno.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <sys/wait.h>\n#include <unistd.h>\n';
  const tail = '\nint main(int argc, char **argv)\n{\n    return argc > 1 ? run_cmd_0(argv[1], argv + 1) : 0;\n}\n';
  const spawnLines = spawn(0).split('\n').length - 1;
  const plainLines = plain(0).split('\n').length - 1;
  const nPlain = Math.max(1, Math.round((lines - 11 - spawns * spawnLines) / plainLines));
  const parts: string[] = [];
  for (let i = 0; i < nPlain; i++) parts.push(plain(i));
  const step = nPlain / Math.max(1, spawns);
  for (let k = spawns - 1; k >= 0; k--) parts.splice(Math.floor(k * step), 0, spawn(k));
  return head + parts.join('') + tail;
}

/** A deterministic pseudo-random sequence (so runs are comparable). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

interface Edit {
  offset: number;
  insert: boolean;
}

function edits(text: string, n: number): Edit[] {
  const r = rng(42);
  const out: Edit[] = [];
  for (let i = 0; i < n; i += 2) {
    // Somewhere inside a line's code (not at a line start), then undone.
    let offset = Math.floor(r() * text.length);
    while (text[offset] === '\n' || text[offset - 1] === '\n') offset++;
    out.push({ offset, insert: true }, { offset, insert: false });
  }
  return out.slice(0, n);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The changes the edits make, worked out before any is timed (the client's
 * own bookkeeping -- splitting 300 KB into lines per edit -- would otherwise
 * land in the measured time as this process's garbage collections).
 */
function changesFor(text: string, list: Edit[], full: boolean): TextDocumentContentChangeEvent[] {
  const out: TextDocumentContentChangeEvent[] = [];
  let cur = text;
  for (const e of list) {
    const at = positionOf(cur, e.offset);
    const next = e.insert ? cur.slice(0, e.offset) + 'x' + cur.slice(e.offset) : cur.slice(0, e.offset) + cur.slice(e.offset + 1);
    out.push(
      full
        ? { text: next }
        : e.insert
          ? { range: { start: at, end: at }, text: 'x' }
          : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' },
    );
    cur = next;
  }
  return out;
}

async function keystrokes(c: TestClient, uri: string, text: string, list: Edit[], full: boolean, startVersion: number): Promise<number[]> {
  const changes = changesFor(text, list, full);
  const times: number[] = [];
  let version = startVersion;
  for (const change of changes) {
    version++;
    const t0 = performance.now();
    await c.change(uri, version, [change]);
    await c.diagnostics(uri, version, 60000);
    const p = c.latest(uri)!;
    times.push(p.at - t0);
  }
  return times;
}

/** The same edits straight into the engine in this process: what the protocol and the server add is the difference. */
function engineAlone(text: string, list: Edit[]): number[] {
  const docs = new Documents();
  const d = docs.open('file:///bench/big.c', '/bench/big.c', 'c', 1, text);
  const program = new Program();
  program.addFile({ path: d.path, text });
  program.lint([d.path], { rewrites: false });
  const times: number[] = [];
  let version = 1;
  for (const e of list) {
    const at = d.doc.positionAt(e.offset);
    const end = e.insert ? at : d.doc.positionAt(e.offset + 1);
    d.pendingEdits = [];
    const t0 = performance.now();
    docs.change(d.uri, ++version, [{ range: { start: at, end }, text: e.insert ? 'x' : '' }]);
    program.editFile({ path: d.path, text: d.doc.getText() }, d.pendingEdits);
    program.lint([d.path], { rewrites: false });
    times.push(performance.now() - t0);
  }
  return times;
}

function summary(label: string, times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  return `${label.padEnd(34)} p50 ${percentile(s, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(s, 95).toFixed(1).padStart(6)} ms   max ${s[s.length - 1].toFixed(1).padStart(6)} ms`;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function latency(spawns: number, n: number): Promise<void> {
  const text = bigFile(spawns);
  // BENCH_SERVER_ARGS="--cpu-prof --cpu-prof-dir=DIR": profile the server
  const c = await TestClient.start({ execArgv: process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) });
  try {
    const uri = 'file:///bench/big.c';
    const t0 = performance.now();
    await c.open(uri, text, 1);
    const first = await c.diagnostics(uri, 1, 60000);
    const openMs = performance.now() - t0;
    const list = edits(text, n);
    const incremental = await keystrokes(c, uri, text, list, false, 1);
    if (process.env.BENCH_DUMP) console.log(incremental.map((t) => t.toFixed(1)).join(" "));
    const fullReparse = await keystrokes(c, uri, text, list, true, 1 + n);
    const engine = engineAlone(text, list);
    console.log(`\n${text.split('\n').length} lines, ${spawns} spawn functions, ${first.length} findings; open + first lint ${openMs.toFixed(0)} ms; ${n} edits each`);
    console.log(summary('incremental (tree.edit + reparse)', incremental));
    console.log(summary('full-text change (full reparse)', fullReparse));
    console.log(summary('engine alone, in-process (incr.)', engine));
  } finally {
    await c.stop();
  }
}

async function memory(docs: number): Promise<void> {
  const fixtures = path.resolve(__dirname, '..', '..', 'test-fixtures');
  const sources: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(c|cpp)$/.test(e.name)) sources.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(fixtures);
  const c = await TestClient.start();
  try {
    const before = rssMb(c.child.pid!);
    let lines = 0;
    for (let i = 0; i < docs; i++) {
      const text = sources[i % sources.length];
      lines += text.split('\n').length;
      await c.open(`file:///bench/open/doc${i}.${text.includes('std::') ? 'cpp' : 'c'}`, text, 1);
    }
    await c.until(() => new Set(c.published.map((p) => p.uri)).size >= docs, 120000, `diagnostics for ${docs} documents`);
    await new Promise((r) => setTimeout(r, 500));
    console.log(`\nRSS: ${before.toFixed(0)} MB at start, ${rssMb(c.child.pid!).toFixed(0)} MB with ${docs} open documents (${lines} lines of the test fixtures)`);
  } finally {
    await c.stop();
  }
}

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_EDITS ?? 200);
  console.log(`forklint LSP benchmark (node ${process.version}); times from didChange sent to publishDiagnostics received`);
  await latency(Number(process.env.BENCH_SPAWNS ?? 10), n);
  await memory(200);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
