// The extension end to end in a real VS Code: code-server (the VS Code 1.100
// workbench and extension host) with the packaged .vsix installed, driven in
// headless Chromium by keyboard and mouse. What is expected comes from the
// fixtures' `/* expect: RULE-ID */` annotations (which lines, which rules)
// and from the engine run here on the same workspace (messages, columns,
// severities, fix titles and edits) — nothing is written down twice.
// Screenshots and log copies go to out/e2e-artifacts/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { UNTRUSTED_MESSAGE } from '../client/racelab/session';
import { applyEdits, Program, ruleDoc, ruleDocsUrl, type EngineConfig, type Finding } from '../rules/index';
import { FIXTURES_DIR, readAnnotations } from '../test-fixtures/fixtures';
import { markedProcesses, waitFor } from './code-server';
import { ARTIFACTS_ROOT, BASE_SETTINGS, E2E, forklintErrors } from './environment';
import { CHROMIUM, type ProblemRow, type Workbench } from './workbench';

/** The workspace: fixtures whose annotations hold when linted together (checked below). */
const FIXTURES = ['examples/buildq.c', 'examples/minish.c', 'child-exit-not-_exit/08-exit-in-parent-safe.c'];
const FILES: Record<string, string> = Object.fromEntries(FIXTURES.map((f) => [path.basename(f), fs.readFileSync(path.join(FIXTURES_DIR, f), 'utf8')]));
const BUGGY = 'buildq.c'; // findings of three rules, one with a quick fix
const SETTINGS_FILE = 'minish.c';
const CLEAN = '08-exit-in-parent-safe.c';

type Row = Omit<ProblemRow, 'file'>;

function asRow(f: Finding): Row {
  return {
    severity: f.severity,
    message: f.message,
    code: f.ruleId,
    href: ruleDocsUrl(f.ruleId),
    line: f.range.start.line + 1,
    col: f.range.start.character + 1,
    source: 'forklint',
  };
}

const key = (r: Row) => `${String(r.line).padStart(5, '0')}:${String(r.col).padStart(4, '0')} ${r.code}`;
const sorted = (rows: readonly Row[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
const strip = (rows: readonly ProblemRow[]): Row[] => sorted(rows.map(({ file: _f, ...r }) => r));

/**
 * What the Problems panel must list for `name`, the workspace's files being
 * `files`: the engine's findings, after checking that they are exactly the
 * file's annotations (so the expectation is the fixture's, not the engine's).
 */
function expected(dir: string, name: string, files: Record<string, string> = FILES, config?: EngineConfig, annotated = true): { rows: Row[]; findings: Finding[] } {
  // As the editor lints: without the safespawn rewrite, which waits for the quick-fix menu.
  const program = new Program(config);
  for (const [n, text] of Object.entries(files)) program.addFile({ path: path.join(dir, n), text });
  const findings = program.lint(undefined, { rewrites: false }).filter((f) => f.file === path.join(dir, name));
  if (annotated) {
    const off = new Set(Object.entries(config?.rules ?? {}).filter(([, s]) => s === 'off').map(([id]) => id));
    const want = readAnnotations(files[name]).annotations.flatMap((a) => a.ruleIds.filter((id) => !off.has(id)).map((id) => `${a.line} ${id}`)).sort();
    const got = findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`).sort();
    assert.deepEqual(got, want, `the engine and ${name}'s annotations disagree in this workspace (a fixture-combination problem, not a workbench one)`);
  }
  return { rows: sorted(findings.map(asRow)), findings };
}

const ARTIFACTS = ARTIFACTS_ROOT;

describe('VS Code end to end (code-server in headless Chromium, the packaged extension)', function () {
  this.timeout(30 * 60000);
  let env: E2E | undefined;
  let stopped = false;
  const started = Date.now();

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`      skipped: ${CHROMIUM} is missing (Debian package chromium; scripts/test-deps.sh installs it)`);
      this.skip();
    }
    env = await E2E.start({ workspaces: { trusted: FILES, restricted: FILES }, artifacts: ARTIFACTS, log: (s) => console.log(`      ${s}`) });
    const t = env.timings;
    console.log(`      setup: vsix ${(t.vsixMs / 1000).toFixed(1)} s, code-server up in ${(t.startMs / 1000).toFixed(1)} s`);
  });
  after(async () => {
    if (env && !stopped) await env.stop();
  });

  /** A window on a workspace folder for the tests of one describe; `wb` and `dir` are set before they run. */
  const inWindow = (folder: 'trusted' | 'restricted', trust: boolean) => {
    const w = { wb: undefined as unknown as Workbench, dir: '' };
    before(async () => {
      w.dir = env!.folders[folder];
      w.wb = await env!.open(folder, trust);
    });
    afterEach(async function () {
      if (!w.wb) return;
      if (this.currentTest?.state === 'failed') console.log(`      screenshot of the failure: ${await w.wb.shot(`failed-${this.currentTest.title.slice(0, 1)}`)}`);
      // Each check starts from no open editor, so the Problems panel shows its file only.
      await w.wb.closeAllEditors();
    });
    after(async () => {
      if (w.wb?.rerenders.length) console.log(`      the Problems panel was re-rendered to catch up: ${w.wb.rerenders.join('; ')}`);
      await w.wb?.close();
    });
    return w;
  };

  describe('in a trusted workspace', () => {
    const w = inWindow('trusted', true);

    it('1. a fixture with findings: squiggles on each line, the Problems panel lists exactly its findings, each with its documentation link', async () => {
      const { wb, dir } = w;
      const want = expected(dir, BUGGY).rows;
      assert.ok(want.length >= 3, 'the fixture has findings to show');
      await wb.openFile(BUGGY);
      const got = await wb.problemsUntil(BUGGY, `the ${want.length} findings of ${BUGGY}`, (rows) => rows.length >= want.length);
      assert.deepEqual(strip(got), want);
      for (const r of want) assert.match(r.href!, /^https:\/\/github\.com\/forklint\/forklint\/blob\/main\/rules\/docs\/.+\.md$/);
      for (const r of want) {
        await wb.gotoLine(r.line, r.col);
        const on = await waitFor(`a ${r.severity} squiggle on line ${r.line}`, async () => (await wb.squiggles()).get(r.line)?.includes(r.severity), 30000);
        assert.ok(on);
      }
      await wb.gotoLine(want[want.length - 1].line);
      console.log(`      Problems: ${got.map((r) => `${r.severity} ${r.code} [Ln ${r.line}, Col ${r.col}] → ${r.href}`).join('; ')}`);
      console.log(`      screenshot ${await wb.shot('editor-findings')}`);
    });

    it('2. a hover on a flagged call explains it, with the link to the rule', async () => {
      const { wb, dir } = w;
      const f = expected(dir, BUGGY).findings.find((x) => x.fixes.length > 0)!;
      const doc = ruleDoc(f.ruleId)!;
      await wb.openFile(BUGGY);
      await wb.problemsUntil(BUGGY, 'its findings', (r) => r.length === expected(dir, BUGGY).rows.length);
      await wb.gotoLine(f.range.start.line + 1, f.range.start.character + 2);
      const h = await wb.hover((t) => t.includes(`forklint · ${f.ruleId}`));
      const flat = (s: string) => s.replace(/[`*_]/g, '').replace(/\s+/g, ' ');
      assert.ok(flat(h.text).includes(flat(f.message)), 'the hover shows the finding');
      assert.ok(flat(h.text).includes(flat(doc.summary)), 'the hover shows the rule summary');
      const firstSentence = flat(doc.explanation).split('. ')[0];
      assert.ok(flat(h.text).includes(firstSentence), `the hover explains why: "${firstSentence}"`);
      assert.ok(h.links.some((l) => l.text === `Documentation for ${f.ruleId}` && l.href === ruleDocsUrl(f.ruleId)), `the hover links the rule's page: ${JSON.stringify(h.links)}`);
      console.log(`      hover: ${h.text.split('\n').filter(Boolean).slice(0, 4).join(' | ').slice(0, 300)}…`);
      console.log(`      screenshot ${await wb.shot('hover')}`);
      await wb.page.keyboard.press('Escape');
    });

    it('3. the quick-fix menu (Ctrl+.) on exit() in a child: the fix makes it _exit( and the finding goes; "ignore on this line" adds the comment and the finding goes', async () => {
      const { wb, dir } = w;
      const { rows: all, findings } = expected(dir, BUGGY);
      const f = findings.find((x) => x.ruleId === 'child-exit-not-_exit')!;
      assert.ok(f && f.fixes.length, 'the fixture has an exit() in a child with a fix');
      const line = f.range.start.line + 1;
      const original = FILES[BUGGY].split('\n')[line - 1];
      const fixed = applyEdits(FILES[BUGGY], f.fixes[0].edits.filter((e) => e.file === f.file)).split('\n')[line - 1];
      assert.match(fixed, /\b_exit\(/);
      const rest = all.filter((r) => !(r.line === line && r.code === f.ruleId));
      const ignore = `Ignore ${f.ruleId} on this line`;

      await wb.openFile(BUGGY);
      await wb.problemsUntil(BUGGY, 'its findings', (r) => r.length === all.length);
      await wb.gotoLine(line, f.range.start.character + 1);
      const menu = await wb.quickFixMenu();
      assert.ok(menu.includes(f.fixes[0].title), `the menu offers "${f.fixes[0].title}": ${JSON.stringify(menu)}`);
      assert.ok(menu.includes(ignore), `the menu offers "${ignore}": ${JSON.stringify(menu)}`);
      console.log(`      quick-fix menu: ${JSON.stringify(menu)}`);
      console.log(`      screenshot ${await wb.shot('quick-fix')}`);
      await wb.chooseAction(f.fixes[0].title);
      await waitFor(`line ${line} to read "${fixed.trim()}"`, async () => (await wb.lineText(line)) === fixed, 30000);
      assert.deepEqual(strip(await wb.problemsUntil(BUGGY, 'the fixed finding to go', (r) => r.length === rest.length)), rest);
      assert.ok(!(await wb.squiggles()).has(line), 'no squiggle left on the fixed line');

      await wb.page.keyboard.press('Control+Z');
      await waitFor('the undo', async () => (await wb.lineText(line)) === original, 30000);
      assert.deepEqual(strip(await wb.problemsUntil(BUGGY, 'the finding back after the undo', (r) => r.length === all.length)), all);

      await wb.gotoLine(line, f.range.start.character + 1);
      await wb.quickFixMenu();
      await wb.chooseAction(ignore);
      // The comment goes at the end of the line or, as forklint-ignore-next-line, above it.
      const after = await waitFor('the suppression comment', async () => {
        await wb.gotoLine(line);
        const v = await wb.visibleLines();
        return v.get(line) !== original && v.has(line + 1) ? [v.get(line)!, v.get(line + 1)!] : undefined;
      }, 30000);
      const above = new RegExp(`^\\s*//\\s*forklint-ignore-next-line ${f.ruleId}\\s*$`);
      const trailing = new RegExp(`^${original.trimEnd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*//\\s*forklint-ignore ${f.ruleId}\\s*$`);
      if (above.test(after[0])) assert.equal(after[1], original, 'the code line is kept, below the comment');
      else assert.match(after[0], trailing);
      const shift = above.test(after[0]) ? 1 : 0;
      const lines = FILES[BUGGY].split('\n');
      lines.splice(line - 1, 1 - shift, after[0]);
      // The rest, as the engine reports them on the text with the comment (lines below it moved).
      const restAfter = expected(dir, BUGGY, { ...FILES, [BUGGY]: lines.join('\n') }, undefined, false).rows;
      assert.equal(restAfter.length, rest.length);
      assert.deepEqual(strip(await wb.problemsUntil(BUGGY, 'the ignored finding to go', (r) => isDeepStrictEqual(strip(r), restAfter))), restAfter);
      console.log(`      fixed: "${fixed.trim()}"; ignored: ${JSON.stringify(shift ? after.map((l) => l.trim()) : [after[0].trim()])}`);

      await wb.page.keyboard.press('Control+Z');
      await waitFor('the undo', async () => (await wb.lineText(line)) === original, 30000);
      await wb.problemsUntil(BUGGY, 'the finding back', (r) => r.length === all.length);
    });

    it('4. typing a bug into a clean file (keyboard) brings its finding without saving; undo clears it', async () => {
      const { wb, dir } = w;
      assert.deepEqual(expected(dir, CLEAN).rows, [], 'the file is clean');
      await wb.openFile(CLEAN);
      const lines = FILES[CLEAN].split('\n');
      // After the exec-failure report in the child, before its _exit(127).
      const at = lines.findIndex((l) => l.trim() === '_exit(127);');
      assert.ok(at > 0);
      await wb.gotoLine(at, lines[at - 1].length + 1);
      await wb.page.keyboard.press('End');
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.type('exit(1);');
      const typed = await wb.lineText(at + 1);
      assert.equal(typed.trim(), 'exit(1);');
      const edited = [...lines.slice(0, at), typed, ...lines.slice(at)].join('\n');
      const want = expected(dir, CLEAN, { ...FILES, [CLEAN]: edited }, undefined, false).rows;
      assert.ok(want.some((r) => r.code === 'child-exit-not-_exit' && r.line === at + 1), `the engine flags the typed exit(): ${JSON.stringify(want)}`);
      // While typing, the panel may show a partial text's finding (`exit(1)` before its ';'): wait for the final one.
      const got = await wb.problemsUntil(CLEAN, 'the typed bug\'s finding', (r) => isDeepStrictEqual(strip(r), want));
      assert.deepEqual(strip(got), want);
      assert.ok((await wb.squiggles()).get(at + 1)?.length, 'a squiggle under the typed line');
      assert.ok(await wb.dirty(), 'the editor holds unsaved changes');
      assert.equal(fs.readFileSync(path.join(dir, CLEAN), 'utf8'), FILES[CLEAN], 'nothing was saved');
      console.log(`      typed "${typed.trim()}" at line ${at + 1}: ${got.map((r) => `${r.code} [Ln ${r.line}, Col ${r.col}]`).join('; ')} (unsaved)`);
      console.log(`      screenshot ${await wb.shot('typed-bug')}`);

      await waitFor('undo back to the saved text', async () => {
        if (!(await wb.dirty())) return true;
        await wb.page.keyboard.press('Control+Z');
        return false;
      }, 30000, 300);
      await wb.problemsUntil(CLEAN, 'the finding to clear after the undo', (r) => r.length === 0);
      assert.equal(await wb.lineText(at + 1), lines[at]);
    });

    it('5. a forklint.rules change (severity, then off) takes effect without a reload', async () => {
      const { wb, dir } = w;
      const base = expected(dir, SETTINGS_FILE).rows;
      const rule = 'child-exit-not-_exit';
      const target = base.find((r) => r.code === rule)!;
      assert.ok(target && target.severity === 'warning', `${SETTINGS_FILE} has a ${rule} warning`);
      await wb.openFile(SETTINGS_FILE);
      assert.deepEqual(strip(await wb.problemsUntil(SETTINGS_FILE, 'its findings', (r) => r.length >= base.length)), base);

      const setRules = async (rules: Record<string, string>) => {
        const settings = Object.keys(rules).length ? { ...BASE_SETTINGS, 'forklint.rules': rules } : BASE_SETTINGS;
        await wb.command('Preferences: Open User Settings (JSON)');
        await wb.page.locator('.tabs-container .tab.active', { hasText: 'settings.json' }).waitFor();
        await wb.selectAll();
        await wb.page.keyboard.press('Delete');
        const text = JSON.stringify(settings);
        // The workbench's own settings are pasted (insertText); the forklint part is typed.
        const base = JSON.stringify(BASE_SETTINGS).slice(0, -1);
        await wb.page.keyboard.insertText(base);
        await wb.page.keyboard.type(text.slice(base.length));
        await wb.cursorAt(1, text.length + 1);
        await wb.page.keyboard.press('Control+S');
        await waitFor('settings.json saved', () => {
          try {
            return JSON.stringify(JSON.parse(fs.readFileSync(env!.server.settingsFile, 'utf8'))) === JSON.stringify(settings);
          } catch {
            return false;
          }
        }, 30000);
        const savedAt = Date.now();
        await wb.openFile(SETTINGS_FILE);
        return savedAt;
      };
      const took: string[] = [];
      const check = async (rules: Record<string, 'off' | 'error'>, what: string) => {
        const t0 = await setRules(rules);
        const want = expected(dir, SETTINGS_FILE, FILES, { rules }).rows;
        assert.deepEqual(strip(await wb.problemsUntil(SETTINGS_FILE, what, (r) => isDeepStrictEqual(strip(r), want))), want);
        took.push(`${Date.now() - t0} ms`);
        return want;
      };

      try {
        const asError = await check({ [rule]: 'error' }, `${rule} shown as an error`);
        assert.equal(asError.find((r) => r.code === rule)?.severity, 'error');
        await wb.gotoLine(target.line, target.col);
        await waitFor('an error squiggle', async () => (await wb.squiggles()).get(target.line)?.includes('error'), 30000);
        const off = await check({ [rule]: 'off' }, `${rule} gone`);
        assert.equal(off.length, base.length - 1);
        await wb.gotoLine(target.line, target.col);
        await waitFor('the squiggle gone', async () => !(await wb.squiggles()).has(target.line), 30000);
        await check({}, 'the defaults back');
      } finally {
        // A failure above must not leave its setting to the checks after it.
        fs.writeFileSync(env!.server.settingsFile, JSON.stringify(BASE_SETTINGS, null, 2));
      }
      console.log(`      ${rule} at line ${target.line}: warning → error → off → warning, no reload (Problems updated ${took.join(', ')} after the save was seen)`);
    });

    it('7. the Race Lab: the command opens it, a kill-before-exec run renders its counts, cancelling stops it', async () => {
      const { wb, dir } = w;
      // From an editor, as a user would: the panel opens beside it.
      await wb.openFile(BUGGY);
      await wb.gotoLine(expected(dir, BUGGY).rows.find((r) => r.code === 'child-exit-not-_exit')!.line);
      await wb.command('forklint: Open Race Lab');
      const frame = await wb.webviewFrame('#run');
      // The host's messages as the page receives them, to compare what it draws.
      await frame.evaluate(() => {
        const w = window as unknown as { __seen: unknown[] };
        w.__seen = [];
        window.addEventListener('message', (e) => w.__seen.push(e.data));
      });
      type Msg = { type: string; run?: string; busy?: boolean; strategy?: string; outcome?: string; cancelled?: boolean; event?: { event: string } };
      const seen = () => frame.evaluate(() => (window as unknown as { __seen: unknown[] }).__seen) as Promise<Msg[]>;
      const statusUntil = async (re: RegExp, ms: number): Promise<string> => {
        let last = '';
        try {
          return await waitFor(`the Race Lab status to match ${re}`, async () => (re.test((last = (await frame.textContent('#status')) ?? '')) ? last : undefined), ms, 200);
        } catch (e) {
          const alerts = await frame.locator('[role="alert"]').allTextContents();
          throw new Error(`${(e as Error).message}; status "${last}"; alerts ${JSON.stringify(alerts)}`);
        }
      };
      const setField = async (id: string, v: string) => {
        await frame.fill(id, v);
        await frame.dispatchEvent(id, 'change');
      };
      const iterations = 200;
      await frame.check('#sc-kill-before-exec');
      await setField('#p-iterations', String(iterations));
      await frame.click('#run');
      const status = await statusUntil(/done in|did not|stopped|failed/, 180000);
      assert.match(status ?? '', /done in/);
      const msgs = await seen();
      const run = msgs.find((m) => m.type === 'busy' && m.busy && m.run)!.run!;
      const counts: Record<string, Record<string, number>> = {};
      for (const m of msgs) if (m.type === 'event' && m.run === run && m.event?.event === 'outcome' && m.outcome) (counts[m.strategy!] ??= {})[m.outcome] = (counts[m.strategy!]?.[m.outcome] ?? 0) + 1;
      const drawn = await frame.$$eval('#counts td[data-outcome]', (tds) => {
        const out: Record<string, Record<string, number>> = {};
        for (const td of tds as HTMLElement[]) (out[td.dataset.strategy!] ??= {})[td.dataset.outcome!] = Number(td.textContent);
        return out;
      });
      assert.deepEqual(Object.keys(drawn), ['fork', 'vfork', 'posix_spawn', 'safespawn', 'safespawn-async']);
      for (const [st, c] of Object.entries(drawn)) {
        assert.equal(c.total, iterations, `${st}: every iteration counted`);
        for (const [o, n] of Object.entries(c)) if (o !== 'total') assert.equal(n, counts[st]?.[o] ?? 0, `${st} ${o}: drawn ${n}, events ${counts[st]?.[o] ?? 0}`);
      }
      console.log(`      ${status}: ${Object.entries(drawn).map(([st, c]) => `${st} ${Object.entries(c).filter(([o]) => o !== 'total').map(([o, n]) => `${o} ${n}`).join(', ')}`).join('; ')}`);
      // The picture: the code and the panel, without the Problems panel and the side bar.
      await wb.hidePanel();
      await wb.hideSideBar();
      await frame.locator('#counts').scrollIntoViewIfNeeded();
      console.log(`      screenshot ${await wb.shot('racelab')}`);

      const lab = () => markedProcesses(env!.runId).filter((p) => /safespawn-lab|racelab-jail/.test(p.cmd));
      await setField('#p-iterations', '100000');
      await frame.click('#run');
      await statusUntil(/[1-9]\d* results so far/, 120000);
      const running = lab();
      assert.ok(running.length > 0, 'lab processes run during the run');
      await frame.click('#cancel');
      await statusUntil(/cancelled after/, 60000);
      const done = (await seen()).filter((m) => m.type === 'done').pop();
      assert.equal(done?.cancelled, true);
      await waitFor('the lab processes to end', () => lab().length === 0, 30000);
      assert.equal(await frame.isDisabled('#run'), false, 'the panel can run again');
      console.log(`      cancel: ${await frame.textContent('#status')} (${running.length} lab processes before, none after)`);
    });
  });

  describe('in restricted mode (the trust dialog answered "No")', () => {
    const w = inWindow('restricted', false);

    it('6. diagnostics still appear; the Race Lab refuses to run, saying why', async () => {
      const { wb, dir } = w;
      const want = expected(dir, BUGGY).rows;
      await wb.openFile(BUGGY);
      assert.deepEqual(strip(await wb.problemsUntil(BUGGY, 'its findings in restricted mode', (r) => r.length >= want.length)), want);

      // The command needs trust (its enablement): the palette does not offer it.
      const rows = await wb.paletteRows('forklint: Open Race Lab');
      assert.ok(!rows.includes('forklint: Open Race Lab'), `the palette offers the Race Lab in restricted mode: ${JSON.stringify(rows)}`);

      // "Run in Race Lab" above a spawn call opens the panel, which says why it runs nothing.
      const helpers = () => markedProcesses(env!.runId).filter((p) => /racelab[/\\]helper[/\\]main\.js/.test(p.cmd)).map((p) => p.pid);
      const before = new Set(helpers());
      await wb.gotoLine(want[0].line);
      const lens = wb.page.locator('.codelens-decoration a', { hasText: 'Run in Race Lab' }).filter({ visible: true }).first();
      await lens.click();
      const frame = await wb.webviewFrame('#run');
      await frame.locator('.banner').waitFor();
      const banner = (await frame.textContent('.banner')) ?? '';
      assert.match(banner, /not trusted.*runs nothing until you trust/);
      assert.equal(await frame.isDisabled('#run'), true, 'Run is disabled');
      // A page that asks anyway (Run forced on) is refused by the extension host.
      await frame.evaluate(() => {
        const b = document.getElementById('run') as HTMLButtonElement;
        b.disabled = false;
        b.click();
      });
      const alert = frame.locator('.error[role="alert"]', { hasText: 'needs a trusted workspace' });
      await alert.waitFor({ timeout: 30000 });
      assert.equal((await alert.textContent())?.trim(), UNTRUSTED_MESSAGE);
      assert.deepEqual(helpers().filter((p) => !before.has(p)), [], 'no Race Lab helper started');
      console.log(`      restricted: ${want.length} findings shown; palette ${JSON.stringify(rows)}; banner "${banner.slice(0, 60)}…"; forced run: "${UNTRUSTED_MESSAGE.slice(0, 50)}…"`);
      console.log(`      screenshot ${await wb.shot('restricted')}`);
    });
  });

  describe('afterwards', () => {
    let logs: string[] = [];
    it('every process it started is stopped', async () => {
      const r = await env!.stop();
      stopped = true;
      logs = r.logs;
      assert.deepEqual(markedProcesses(env!.runId), [], 'processes of the run still alive');
      if (r.forced.length) console.log(`      killed by force after code-server stopped: ${r.forced.map((p) => p.cmd.slice(0, 80)).join('; ')}`);
    });

    it('the extension host logs no error from forklint', () => {
      assert.ok(logs.some((l) => /remoteexthost\.log$/.test(l)), `the extension host logs were found: ${JSON.stringify(logs)}`);
      assert.deepEqual(forklintErrors(logs), []);
      const t = env!.timings;
      console.log(`      artefacts in ${ARTIFACTS}; whole run ${((Date.now() - started) / 1000).toFixed(0)} s${t.installMs === undefined ? ' (code-server cached)' : ` (installing code-server: ${(t.installMs / 1000).toFixed(0)} s)`}`);
    });
  });
});
