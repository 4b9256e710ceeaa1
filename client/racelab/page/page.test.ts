// The Race Lab page in headless Chromium, fed by a real helper run through
// the page protocol the extension uses; the rendered counts are checked
// against the events relayed to the page, and screenshots are saved to
// .test-artifacts/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { HostToPage } from '../protocol';
import { CHROMIUM, LabPage, openLabPage } from './browser';

const ROOT = path.resolve(__dirname, fs.existsSync(path.join(__dirname, '../../../package.json')) ? '../../..' : '../../../..');
const ARTIFACTS = path.join(ROOT, '.test-artifacts');
const FIXTURE = path.join(ROOT, 'client/racelab/testdata/spawn.c');

type Ended = Extract<HostToPage, { type: 'done' | 'compile-error' | 'error' }>;

/** Click Run (or press a key on it) and wait until the run's last message is rendered. */
async function run(lp: LabPage, start: () => Promise<void> = () => lp.page.click('#run'), during?: () => Promise<void>): Promise<{ run: string; end: Ended }> {
  const from = lp.toPage.length;
  await start();
  let id: string | undefined;
  let end: Ended | undefined;
  for (let t = 0; t < 1200 && !end; t++) {
    for (const m of lp.toPage.slice(from)) {
      if (m.type === 'busy' && m.busy && m.run) id = m.run;
      if (id && (m.type === 'done' || m.type === 'compile-error' || m.type === 'error') && (!('run' in m) || !m.run || m.run === id)) end = m;
    }
    if (!end) {
      if (during) await during();
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  assert.ok(id && end, 'the run did not end');
  await lp.page.waitForFunction(() => document.body.dataset.busy === 'false' && !/running/.test(document.getElementById('status')!.textContent ?? ''));
  return { run: id!, end: end! };
}

/** Outcome counts per strategy from the events relayed to the page. */
function expected(lp: LabPage, run: string): Map<string, Map<string, number>> {
  const c = new Map<string, Map<string, number>>();
  for (const m of lp.toPage) {
    if (m.type !== 'event' || m.run !== run || m.event.event !== 'outcome' || !m.outcome) continue;
    const st = c.get(m.strategy) ?? new Map<string, number>();
    c.set(m.strategy, st);
    st.set(m.outcome, (st.get(m.outcome) ?? 0) + 1);
  }
  return c;
}

async function rendered(lp: LabPage): Promise<Record<string, Record<string, number>>> {
  return lp.page.$$eval('#counts td[data-outcome]', (tds) => {
    const out: Record<string, Record<string, number>> = {};
    for (const td of tds as HTMLElement[]) (out[td.dataset.strategy!] ??= {})[td.dataset.outcome!] = Number(td.textContent);
    return out;
  });
}

function assertCountsMatch(exp: Map<string, Map<string, number>>, got: Record<string, Record<string, number>>): void {
  for (const [st, c] of exp) {
    let total = 0;
    for (const [o, n] of c) {
      assert.strictEqual(got[st]?.[o], n, `${st} ${o}: the page shows ${got[st]?.[o]}, the events say ${n}`);
      total += n;
    }
    assert.strictEqual(got[st].total, total, `${st} total`);
    for (const [o, n] of Object.entries(got[st])) if (o !== 'total') assert.strictEqual(n, c.get(o) ?? 0, `${st} ${o}`);
  }
}

async function setField(lp: LabPage, id: string, value: string): Promise<void> {
  const el = await lp.page.$(id);
  if ((await el!.evaluate((e) => e.tagName)) === 'SELECT') await lp.page.selectOption(id, value);
  else await lp.page.fill(id, value);
  await lp.page.dispatchEvent(id, 'change');
}

async function shot(lp: LabPage, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await lp.page.screenshot({ path: path.join(ARTIFACTS, `racelab-${name}.png`), fullPage: true });
}

describe('Race Lab page (headless Chromium, real helper)', function () {
  this.timeout(120000);
  let lp: LabPage;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`      skipped: ${CHROMIUM} is missing (Debian package chromium; scripts/test-deps.sh installs it)`);
      this.skip();
    }
    lp = await openLabPage({ width: 1000, height: 900 });
  });
  after(async () => lp && (await lp.close()));

  it('loads under its Content-Security-Policy: one nonce script, nothing remote, no inline style', async () => {
    const csp = await lp.page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.getAttribute('content')!);
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9]{16,}';/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!racelab\.test)/);
    assert.deepStrictEqual(lp.problems, []);
    assert.strictEqual(await lp.page.$$eval('[style]', (e) => e.length), 0);
    assert.deepStrictEqual(lp.fromPage[0], { type: 'ready' });
  });

  it('kill-before-exec: the counts drawn match the events, live as they arrive', async () => {
    await setField(lp, '#p-iterations', '300');
    await setField(lp, '#p-timeoutMs', '300');
    const totals = new Set<number>();
    const { run: id, end } = await run(lp, undefined, async () => {
      const t = await lp.page.$$eval('#counts td[data-outcome="total"]', (tds) => tds.reduce((a, td) => a + Number(td.textContent), 0)).catch(() => 0);
      totals.add(t);
      await new Promise((r) => setTimeout(r, 25));
    });
    assert.strictEqual(end.type, 'done', JSON.stringify(end));
    const exp = expected(lp, id);
    assert.deepStrictEqual([...exp.keys()], ['fork', 'vfork', 'posix_spawn', 'safespawn', 'safespawn-async']);
    assertCountsMatch(exp, await rendered(lp));
    const got = await rendered(lp);
    console.log(`      rendered: ${Object.entries(got).map(([st, c]) => `${st} ${JSON.stringify(c)}`).join('; ')}`);
    assert.strictEqual(got.safespawn['handler-in-child'] + got.safespawn.timeout, 0);
    assert.strictEqual(got['safespawn-async']['handler-in-child'] + got['safespawn-async'].timeout, 0);
    const partial = [...totals].filter((t) => t > 0 && t < 1500);
    assert.ok(partial.length >= 2, `no partial counts were drawn while it ran (saw ${[...totals].join(', ')})`);
    // the bars: one segment per non-zero category, its title naming the count
    const titles = await lp.page.$$eval('svg.bars rect title', (ts) => ts.map((t) => t.textContent));
    assert.ok(titles.includes(`safespawn: 300 terminated`));
    await shot(lp, 'kill-before-exec');
  });

  it('spawn-cost: the percentiles drawn are the ones the lab runner computes', async () => {
    await lp.page.check('#sc-spawn-cost');
    await setField(lp, '#p-iterations', '20');
    await setField(lp, '#p-memMib', '0, 256');
    const { run: id, end } = await run(lp);
    assert.strictEqual(end.type, 'done', JSON.stringify(end));
    const rows = await lp.page.$$eval('#latency tbody tr', (trs) =>
      (trs as HTMLElement[]).map((tr) => ({
        strategy: tr.dataset.strategy!,
        mem: Number(tr.dataset.mem),
        n: Number(tr.querySelector('[data-col="n"]')!.textContent),
        median: Number((tr.querySelector('[data-col="median"]') as HTMLElement).dataset.value),
        p99: Number((tr.querySelector('[data-col="p99"]') as HTMLElement).dataset.value),
      })),
    );
    assert.strictEqual(rows.length, 10);
    for (const r of rows) {
      const sum = lp.toPage.find((m) => m.type === 'event' && m.run === id && m.event.event === 'summary' && m.event.strategy === r.strategy && m.memMib === r.mem);
      assert.ok(sum && sum.type === 'event');
      const lat = sum.event.latency_us as { median: number; p99: number };
      assert.deepStrictEqual([r.n, r.median, r.p99], [20, lat.median, lat.p99], `${r.strategy} at ${r.mem} MiB`);
    }
    assert.strictEqual(await lp.page.$$eval('svg.lines path.median', (p) => p.length), 5);
    await shot(lp, 'spawn-cost');
  });

  it('exec failure, by keyboard alone: what each parent learned', async () => {
    await lp.page.focus('#sc-exec-failure');
    await lp.page.keyboard.press('Space');
    assert.strictEqual(await lp.page.$eval('#sc-exec-failure', (e) => (e as HTMLInputElement).checked), true);
    const { end } = await run(lp, async () => {
      await lp.page.focus('#run');
      await lp.page.keyboard.press('Enter');
    });
    assert.strictEqual(end.type, 'done');
    const cell = (cs: string, st: string) => lp.page.$eval(`#exec tr[data-case="${cs}"] td[data-strategy="${st}"]`, (td) => td.textContent);
    assert.strictEqual(await cell('enoent', 'fork'), 'exit status 127');
    assert.strictEqual(await cell('enoent', 'safespawn'), 'ENOENT at step exec');
    assert.strictEqual(await cell('dup2', 'safespawn'), 'EBADF at step 0 (dup2)');
  });

  it('this snippet: counts, timelines, and every row links back to its line', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8').split('\n');
    const line = text.findIndex((l) => /pid_t pid = fork\(\);/.test(l)) + 1;
    lp.session.setTarget({ file: FIXTURE, uri: `file://${FIXTURE}`, line, function: 'start_worker', language: 'c' });
    await lp.page.waitForSelector('.target button.link');
    assert.strictEqual(await lp.page.$eval('#sc-snippet', (e) => (e as HTMLInputElement).checked), true);
    await setField(lp, '#p-conditions', 'kill-before-exec');
    await setField(lp, '#p-iterations', '100');
    const { run: id, end } = await run(lp);
    assert.strictEqual(end.type, 'done', JSON.stringify(end));
    const exp = expected(lp, id);
    assertCountsMatch(exp, await rendered(lp));
    console.log(`      start_worker(): ${JSON.stringify(Object.fromEntries(exp.get('snippet')!))}`);
    // each row of the iterations table links to the spawn call's line
    const links = await lp.page.$$eval('#iterations tbody tr td:last-child button.link', (bs) => (bs as HTMLElement[]).map((b) => `${b.dataset.file}:${b.dataset.line}`));
    assert.strictEqual(links.length, 100);
    assert.ok(links.every((l) => l === `${FIXTURE}:${line}`), links[0]);
    // the timeline shown is the selected iteration's, entry for entry
    const last = lp.toPage.filter((m) => m.type === 'event' && m.run === id && m.event.event === 'outcome').pop();
    assert.ok(last && last.type === 'event');
    const kinds = await lp.page.$$eval('#timeline li', (lis) => (lis as HTMLElement[]).map((li) => li.dataset.kind));
    assert.deepStrictEqual(kinds, (last.event.timeline as { kind: string }[]).map((t) => t.kind));
    // a click on a timeline line sends the editor there
    await lp.page.click('#timeline button.link');
    await lp.page.waitForFunction(() => true);
    for (let i = 0; i < 40 && !lp.revealed.length; i++) await new Promise((r) => setTimeout(r, 25));
    assert.deepStrictEqual(lp.revealed[0], { file: FIXTURE, line });
    await shot(lp, 'snippet');
  });

  it('a snippet that does not compile shows the compiler\'s messages, linked to the lines', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'racelab-page-'));
    const file = path.join(dir, 'broken.c');
    fs.writeFileSync(file, '#include <unistd.h>\n\npid_t broken(void)\n{\n    pid_t pid = fork();\n    return pid + undeclared_thing;\n}\n');
    try {
      lp.session.setTarget({ file, uri: `file://${file}`, line: 5, function: 'broken', language: 'c' });
      const { end } = await run(lp);
      assert.strictEqual(end.type, 'compile-error');
      const items = await lp.page.$$eval('#diagnostics li', (lis) => lis.map((li) => li.textContent));
      assert.ok(items.some((t) => /error broken\.c:6 .*undeclared_thing/.test(t ?? '')), items.join('\n'));
      assert.strictEqual(await lp.page.$eval('#diagnostics button.link', (b) => (b as HTMLElement).dataset.line), '6');
      assert.match((await lp.page.textContent('#status')) ?? '', /did not compile/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an untrusted workspace: the page says so and Run stays disabled', async () => {
    const u = await openLabPage({ trusted: false });
    try {
      await u.page.waitForSelector('.banner:not([hidden])');
      assert.match((await u.page.textContent('.banner')) ?? '', /not trusted/);
      assert.strictEqual(await u.page.$eval('#run', (b) => (b as HTMLButtonElement).disabled), true);
      await shot(u, 'untrusted');
    } finally {
      await u.close();
    }
  });
});
