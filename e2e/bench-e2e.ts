// `npm run bench:e2e`: what a user waits for, in the real workbench
// (code-server, the packaged extension, headless Chromium). Two figures,
// median of 20 each, timed inside the page from the key event to the first
// squiggle decoration in the editor's DOM:
//   - opening a 2,000-line file (Quick Open, Enter) → its first squiggle;
//   - a keystroke that adds a bug (Delete turns `_exit(127)` into `exit(127)`
//     in a fork child) → its squiggle; undone between runs.
// The files come from the LSP benchmark's generator (ordinary C with fork/exec
// functions spread through it); each open is of a file not opened before.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Program } from '../rules/index';
import { bigFile } from '../server/bench-lsp';
import { waitFor } from './code-server';
import { ARTIFACTS_ROOT, E2E } from './environment';
import type { Workbench } from './workbench';

const RUNS = Number(process.env.BENCH_E2E_RUNS ?? 20);
const LINES = 2000;

/** Starts a stopwatch in the page: from the next `key` keydown to the first squiggle in the active editor. */
async function arm(wb: Workbench, key: string): Promise<void> {
  await wb.page.evaluate((key) => {
    const w = window as unknown as { __bench?: { down?: number; squiggle?: number; stop(): void } };
    w.__bench?.stop();
    const state: { down?: number; squiggle?: number; stop(): void } = { stop: () => undefined };
    const squiggle = () => document.querySelector('.editor-group-container.active .view-overlays [class*="squiggly-"]');
    const onKey = (e: KeyboardEvent) => {
      if (e.key === key && state.down === undefined) state.down = performance.now();
    };
    const mo = new MutationObserver(() => {
      if (state.down !== undefined && state.squiggle === undefined && squiggle()) state.squiggle = performance.now();
    });
    window.addEventListener('keydown', onKey, true);
    mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    state.stop = () => {
      mo.disconnect();
      window.removeEventListener('keydown', onKey, true);
    };
    w.__bench = state;
  }, key);
}

async function elapsed(wb: Workbench, what: string): Promise<number> {
  const t = await waitFor(what, () => wb.page.evaluate(() => {
    const b = (window as unknown as { __bench: { down?: number; squiggle?: number; stop(): void } }).__bench;
    if (b.down === undefined || b.squiggle === undefined) return undefined;
    b.stop();
    return { ms: b.squiggle - b.down };
  }), 60000, 50);
  return t.ms;
}

function stats(xs: number[]): { median: number; min: number; max: number; p90: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s[s.length - 1], p90: at(0.9) };
}

const fmt = (x: { median: number; min: number; max: number; p90: number }) =>
  `median ${x.median.toFixed(0)} ms (min ${x.min.toFixed(0)}, p90 ${x.p90.toFixed(0)}, max ${x.max.toFixed(0)})`;

async function main(): Promise<void> {
  const buggy = bigFile(3, LINES);
  // The same program with every child ending in _exit(127): no finding until the keystroke.
  const clean = buggy.replace(/(\s)exit\(127\);/g, '$1_exit(127);');
  const files: Record<string, string> = { 'warm-up.c': buggy, 'typing.c': clean };
  for (let i = 0; i < RUNS; i++) files[`open-${String(i).padStart(2, '0')}.c`] = buggy;

  // What the editor must show, as it lints: the first finding in view on opening, none in the clean file.
  const program = new Program();
  for (const [n, text] of Object.entries(files)) program.addFile({ path: path.join('/bench', n), text });
  const all = program.lint(undefined, { rewrites: false });
  const first = all.filter((f) => f.file === '/bench/open-00.c').sort((a, b) => a.range.start.line - b.range.start.line)[0];
  if (!first || first.range.start.line > 30) throw new Error(`the benchmark file's first finding is not in view on opening: ${JSON.stringify(first?.range)}`);
  if (all.some((f) => f.file === '/bench/typing.c')) throw new Error('the typing file is not clean');
  const typeLine = clean.split('\n').findIndex((l) => l.trim() === '_exit(127);') + 1;
  const typeCol = clean.split('\n')[typeLine - 1].indexOf('_exit') + 1;

  console.log(`forklint end-to-end benchmark: code-server (VS Code 1.100) in headless Chromium, ${LINES}-line C files, ${RUNS} runs each`);
  const env = await E2E.start({ workspaces: { bench: files }, artifacts: path.join(ARTIFACTS_ROOT, 'bench'), log: (s) => console.log(s) });
  try {
    const wb = await env.open('bench', true);
    await wb.openFile('warm-up.c'); // the extension activates and the server starts here, not in a timed run
    await waitFor('the warm-up file\'s squiggles', async () => (await wb.squiggles()).size > 0, 120000);

    const open: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await wb.closeAllEditors();
      const name = `open-${String(i).padStart(2, '0')}.c`;
      await arm(wb, 'Enter');
      await wb.openFile(name);
      open.push(await elapsed(wb, `the first squiggle of ${name}`));
    }
    console.log(`open → first squiggle:      ${fmt(stats(open))}`);

    await wb.closeAllEditors();
    await wb.openFile('typing.c');
    const key: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await wb.gotoLine(typeLine, typeCol);
      await waitFor('no squiggle before the keystroke', async () => (await wb.squiggles()).size === 0, 60000);
      await arm(wb, 'Delete');
      await wb.page.keyboard.press('Delete');
      key.push(await elapsed(wb, 'the typed bug\'s squiggle'));
      await wb.page.keyboard.press('Control+Z');
      await waitFor('the undo to clear the squiggle', async () => (await wb.squiggles()).size === 0, 60000);
    }
    console.log(`keystroke → its squiggle:   ${fmt(stats(key))}`);
    await wb.shot('bench-typing');
    const out = path.join(env.artifacts, 'bench.json');
    fs.writeFileSync(out, JSON.stringify({ lines: LINES, runs: RUNS, openMs: open, keystrokeMs: key }, null, 2));
    console.log(`raw times in ${out}`);
  } finally {
    const { forced } = await env.stop();
    if (forced.length) console.log(`killed by force: ${forced.map((p) => p.cmd.slice(0, 60)).join('; ')}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
