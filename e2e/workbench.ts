// The VS Code workbench (code-server) in headless Chromium — Debian's, never
// a downloaded one — driven as a user drives it: keyboard shortcuts, the
// command palette, Quick Open, clicks. What the suite reads back comes from
// the DOM the user sees: squiggles, Problems rows, the hover, the quick-fix
// menu, the webview.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { CHROMIUM } from '../client/racelab/page/browser';
import { waitFor } from './code-server';

export { CHROMIUM };

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export type Severity = 'error' | 'warning' | 'info';

/** One row of the Problems panel that is a diagnostic (not its related information). */
export interface ProblemRow {
  file: string;
  severity: Severity;
  message: string;
  code: string;
  /** The code's link (the diagnostic's codeDescription.href). */
  href: string | null;
  line: number;
  col: number;
  source: string;
}

export class Workbench {
  /** Times the Problems panel had to be re-rendered to show what the editor holds (see problemsUntil). */
  readonly rerenders: string[] = [];

  private constructor(
    readonly page: Page,
    private readonly artifacts: string,
  ) {}

  /** Opens the workbench on `url` and answers the workspace-trust dialog. */
  static async open(browser: Browser, url: string, o: { trust: boolean; artifacts: string }): Promise<Workbench> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, colorScheme: 'dark' });
    const page = await context.newPage();
    const wb = new Workbench(page, o.artifacts);
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 120000 });
    const button = o.trust ? 'Yes, I trust the authors' : "No, I don't trust the authors";
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 120000 });
    await dialog.locator('a.monaco-button', { hasText: button }).click();
    await dialog.waitFor({ state: 'detached' });
    if (!o.trust) await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60000 });
    return wb;
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }

  async shot(name: string): Promise<string> {
    fs.mkdirSync(this.artifacts, { recursive: true });
    const file = path.join(this.artifacts, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  private async quickInput(keys: string, text: string, rowLabel: (label: string) => boolean, what: string): Promise<void> {
    const { page } = this;
    // The widget may be left open by a step before; start from a closed one.
    if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
    await page.keyboard.press(keys);
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await page.keyboard.type(text);
    await waitFor(what, async () => {
      const focused = await page.locator('.quick-input-list .monaco-list-row.focused').getAttribute('aria-label', { timeout: 1000 }).catch(() => null);
      return focused !== null && rowLabel(focused);
    }, 30000);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Runs a command from the palette (Ctrl+Shift+P) by its full title. */
  async command(title: string): Promise<void> {
    await this.quickInput('Control+Shift+P', title, (l) => l === title || l.startsWith(`${title}, `), `the palette to offer "${title}"`);
  }

  /** The palette's rows for a search, without running any. */
  async paletteRows(text: string): Promise<string[]> {
    const { page } = this;
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.quick-input-widget input.input').waitFor();
    await page.keyboard.type(text);
    // The list settles once it shows either matches or "No matching commands".
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor();
    await page.waitForTimeout(300); // lets a late filter pass land; the wait above is the synchronisation
    const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    await page.keyboard.press('Escape');
    return labels;
  }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor. */
  async openFile(name: string): Promise<void> {
    await this.quickInput('Control+P', name, (l) => l.startsWith(`${name},`), `Quick Open to find ${name}`);
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 60000 });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor();
  }

  /** Closes every editor, discarding unsaved changes (the dialog answered "Don't Save"). */
  async closeAllEditors(): Promise<void> {
    const { page } = this;
    await this.command('View: Close All Editors');
    const dialog = page.locator('.monaco-dialog-box');
    await waitFor('the editors to close', async () => {
      if (await dialog.isVisible()) await dialog.locator('a.monaco-button', { hasText: "Don't Save" }).click();
      return (await page.locator('.tabs-container .tab').count()) === 0;
    }, 30000, 200);
  }

  /** Ctrl+A in the focused editor, retried until the status bar counts a selection (the editor may still be loading). */
  async selectAll(): Promise<void> {
    await waitFor('a selection of the whole text', async () => {
      await this.page.keyboard.press('Control+A');
      return /selected/.test(await this.statusSelection());
    }, 30000, 300);
  }

  /** Focuses the first editor group (the text editors; the Race Lab opens beside it). */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Control+1');
  }

  /** Ctrl+G to a 1-based line and column; waits until the status bar shows the cursor there. */
  async gotoLine(line: number, col = 1): Promise<void> {
    await this.focusEditor();
    await this.quickInput('Control+G', `${line}:${col}`, () => true, 'the Go to Line box');
    await this.cursorAt(line, col);
  }

  async cursorAt(line: number, col: number): Promise<void> {
    const want = `Ln ${line}, Col ${col}`;
    await waitFor(`the cursor at ${want}`, async () => (await this.statusSelection()).startsWith(want), 30000);
  }

  async statusSelection(): Promise<string> {
    return (await this.page.locator('[id="status.editor.selection"]').innerText({ timeout: 5000 }).catch(() => '')).trim();
  }

  /** The active editor's rendered lines (1-based line → text); only what is scrolled into view. */
  async visibleLines(): Promise<Map<number, string>> {
    const pairs = await this.page.evaluate(() => {
      const ed = document.querySelector('.editor-group-container.active .monaco-editor')!;
      const top = (e: Element) => (e as HTMLElement).style.top;
      const numbers = new Map<string, number>();
      for (const n of Array.from(ed.querySelectorAll('.margin-view-overlays .line-numbers'))) {
        numbers.set(top(n.parentElement!), Number(n.textContent));
      }
      return Array.from(ed.querySelectorAll('.view-lines .view-line')).map((l) => [numbers.get(top(l)) ?? 0, (l.textContent ?? '').replace(/\u00a0/g, ' ')] as [number, string]);
    });
    return new Map(pairs.filter(([n]) => n > 0));
  }

  /** The text of a line, scrolled to first. */
  async lineText(line: number): Promise<string> {
    await this.gotoLine(line);
    // An empty line is a rendered line too.
    const text = await waitFor(`line ${line} to be rendered`, async () => {
      const t = (await this.visibleLines()).get(line);
      return t === undefined ? undefined : { t };
    }, 10000);
    return text.t;
  }

  /** Squiggle decorations in view: 1-based line → the squiggle classes on it. */
  async squiggles(): Promise<Map<number, Severity[]>> {
    const pairs = await this.page.evaluate(() => {
      const ed = document.querySelector('.editor-group-container.active .monaco-editor')!;
      const numbers = new Map<string, number>();
      for (const n of Array.from(ed.querySelectorAll('.margin-view-overlays .line-numbers'))) {
        numbers.set((n.parentElement as HTMLElement).style.top, Number(n.textContent));
      }
      const out: [number, string][] = [];
      for (const s of Array.from(ed.querySelectorAll('.view-overlays [class*="squiggly-"]'))) {
        const m = /squiggly-(error|warning|info)/.exec(s.className);
        if (m) out.push([numbers.get((s.parentElement as HTMLElement).style.top) ?? 0, m[1]]);
      }
      return out;
    });
    const map = new Map<number, Severity[]>();
    for (const [line, sev] of pairs) map.set(line, [...(map.get(line) ?? []), sev as Severity]);
    return map;
  }

  /** Hides the panel (Ctrl+J) if it shows. */
  hidePanel(): Promise<void> {
    return this.hidePart('.part.panel', 'Control+J');
  }

  /** Hides the primary side bar (Ctrl+B) if it shows. */
  hideSideBar(): Promise<void> {
    return this.hidePart('.part.sidebar', 'Control+B');
  }

  private async hidePart(selector: string, toggle: string): Promise<void> {
    const part = this.page.locator(selector);
    if (!(await part.isVisible())) return;
    await this.focusEditor();
    await this.page.keyboard.press(toggle);
    await part.waitFor({ state: 'hidden' });
  }

  /** Opens the Problems panel (Ctrl+Shift+M) unless it is showing. */
  async showProblems(): Promise<void> {
    if (!(await this.page.locator('.markers-panel').isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await this.page.locator('.markers-panel').waitFor();
    }
  }

  /**
   * Every diagnostic row of the Problems panel. The list is virtual, so the
   * rows are checked against each file's count badge: a row not rendered is
   * an error here, not a silently shorter list.
   */
  async problems(): Promise<ProblemRow[]> {
    await this.showProblems();
    const { rows, badges } = await this.page.evaluate(() => {
      const rows: (Omit<ProblemRow, 'severity' | 'line' | 'col'> & { severity: string; where: string })[] = [];
      const badges: Record<string, number> = {};
      let file = '';
      // The list reuses row elements: their order in the DOM is not the order shown.
      const all = Array.from(document.querySelectorAll('.markers-panel .monaco-list-row')).sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')));
      for (const r of all) {
        const label = r.getAttribute('aria-label') ?? '';
        const fileRow = /^(\d+) problems? in file (.+?)(?: of folder .*)?$/.exec(label);
        if (fileRow) {
          file = fileRow[2];
          badges[file] = Number(fileRow[1]);
          continue;
        }
        if (!r.querySelector('.marker-message-details-container')) continue; // related information
        const text = (sel: string) => (r.querySelector(sel)?.textContent ?? '').trim();
        const icon = r.querySelector('.marker-icon')?.className ?? '';
        rows.push({
          file,
          severity: /\berror\b/.test(icon) ? 'error' : /\bwarning\b/.test(icon) ? 'warning' : /\binfo\b/.test(icon) ? 'info' : icon,
          message: text('.marker-message'),
          code: text('.marker-code'),
          href: r.querySelector('a.monaco-link')?.getAttribute('href') ?? null,
          source: text('.marker-source'),
          where: text('.marker-line'),
        });
      }
      return { rows, badges };
    });
    for (const [file, n] of Object.entries(badges)) {
      const shown = rows.filter((r) => r.file === file).length;
      if (shown !== n) throw new Error(`the Problems panel counts ${n} problems in ${file} but renders ${shown} rows`);
    }
    return rows.map(({ where, ...r }) => {
      const m = /\[Ln (\d+), Col (\d+)\]/.exec(where);
      return { ...r, severity: r.severity as Severity, line: m ? Number(m[1]) : 0, col: m ? Number(m[2]) : 0 };
    });
  }

  /** Waits until the Problems rows of `file` satisfy `ok`; returns them. */
  async problemsUntil(file: string, what: string, ok: (rows: ProblemRow[]) => boolean, ms = 60000): Promise<ProblemRow[]> {
    let last: ProblemRow[] = [];
    let since = Date.now();
    try {
      return await waitFor(what, async () => {
        last = (await this.problems()).filter((r) => r.file === file);
        if (ok(last)) return last;
        // The panel has been seen to keep showing a row's old message after an
        // edit moved what it names (the server's report was right): re-render it.
        if (Date.now() - since > 10000) {
          this.rerenders.push(`${file}: ${what}`);
          await this.hidePanel();
          await this.showProblems();
          since = Date.now();
        }
        return undefined;
      }, ms, 200);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nProblems in ${file}: ${JSON.stringify(last, null, 1)}`);
    }
  }

  /** The hover at the cursor (Ctrl+K Ctrl+I), once `ready` holds for its text. */
  async hover(ready: (text: string) => boolean): Promise<{ text: string; links: { text: string; href: string }[] }> {
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-hover:not(.hidden)').last();
    return waitFor('the hover', async () => {
      const text = await hover.innerText({ timeout: 1000 });
      if (!ready(text)) return undefined;
      const links = await hover.locator('a').evaluateAll((as) => as.map((a) => ({ text: (a.textContent ?? '').trim(), href: a.getAttribute('data-href') ?? a.getAttribute('href') ?? '' })));
      return { text, links };
    }, 30000);
  }

  /** Ctrl+. at the cursor: the quick-fix menu's entries. */
  async quickFixMenu(): Promise<string[]> {
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ timeout: 30000 });
    return rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  /** Picks an entry of the open quick-fix menu with the arrow keys and Enter. */
  async chooseAction(label: string): Promise<void> {
    const { page } = this;
    const n = await page.locator('.action-widget .monaco-list-row.action').count();
    for (let i = 0; i <= n; i++) {
      const focused = await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label');
      if (focused === label) {
        await page.keyboard.press('Enter');
        await page.locator('.action-widget').waitFor({ state: 'hidden' });
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`the quick-fix menu has no entry "${label}"`);
  }

  /** Whether the active editor's tab shows unsaved changes. */
  async dirty(): Promise<boolean> {
    return (await this.page.locator('.editor-group-container.active .tabs-container .tab.active').getAttribute('class'))?.split(/\s+/).includes('dirty') ?? false;
  }

  /** The frame of a webview whose page has `selector` (webviews are nested iframes). */
  async webviewFrame(selector: string, ms = 60000): Promise<Frame> {
    return waitFor(`a webview with ${selector}`, async () => {
      for (const f of this.page.frames()) if (await f.$(selector).catch(() => null)) return f;
      return undefined;
    }, ms, 250);
  }
}
