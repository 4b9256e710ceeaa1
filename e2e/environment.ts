// One end-to-end environment, for the suite and the benchmark alike:
// code-server from the cache (installed when missing), the .vsix built as
// `npm run package` builds it and installed into fresh user-data and
// extensions folders, workspace folders written from test fixtures, the
// server on a free loopback port, and headless Chromium. stop() ends all of
// it and copies the logs into the artefacts folder.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT, bundle, pack } from '../client/build-vsix';
import { CodeServer, ensureCodeServer } from './code-server';
import { launchBrowser, Workbench } from './workbench';

export const ARTIFACTS_ROOT = path.join(ROOT, 'out', 'e2e-artifacts');

/** Settings that keep the workbench quiet and predictable; nothing forklint-specific. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.tips.enabled': false,
  'workbench.editor.enablePreview': false,
  // VS Code for the web saves after a delay by default; "without saving" must mean it.
  'files.autoSave': 'off',
  // The suite types JSON into settings.json; auto-closed brackets would double its own.
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  // Nothing pops up while the suite types, and the pictures show only the code.
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.stickyScroll.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.enabled': false,
};

export interface Timings {
  /** Only when code-server was not in the cache. */
  installMs?: number;
  vsixMs: number;
  startMs: number;
}

export class E2E {
  private constructor(
    readonly runId: string,
    readonly runDir: string,
    readonly artifacts: string,
    readonly server: CodeServer,
    readonly browser: Browser,
    /** Absolute paths of the workspace folders, by name. */
    readonly folders: Record<string, string>,
    readonly timings: Timings,
  ) {}

  /**
   * `workspaces`: folder name → file name → text. `artifacts`: where
   * screenshots and logs go.
   */
  static async start(o: { workspaces: Record<string, Record<string, string>>; artifacts: string; log?: (s: string) => void }): Promise<E2E> {
    const log = o.log ?? (() => undefined);
    // Last run's logs and failure shots go; its other screenshots are overwritten.
    fs.rmSync(path.join(o.artifacts, 'logs'), { recursive: true, force: true });
    fs.mkdirSync(o.artifacts, { recursive: true });
    for (const f of fs.readdirSync(o.artifacts)) if (/^failed-/.test(f)) fs.rmSync(path.join(o.artifacts, f));
    const runId = crypto.randomBytes(6).toString('hex');
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forklint-e2e-'));
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    try {
      const installLog = path.join(o.artifacts, 'install-code-server.log');
      const { bin, installMs } = await ensureCodeServer(installLog);
      log(installMs === undefined ? `code-server: cached (${path.dirname(path.dirname(path.dirname(bin)))})` : `code-server: installed in ${(installMs / 1000).toFixed(0)} s`);

      // `npm run package` is tsc, then these two steps (tsc has just run).
      let t0 = Date.now();
      await bundle();
      const vsix = pack(path.join(runDir, 'forklint.vsix'));
      const vsixMs = Date.now() - t0;

      server = new CodeServer({ bin, runDir, runId, settings: BASE_SETTINGS });
      await server.installExtension(vsix);
      const folders: Record<string, string> = {};
      for (const [name, files] of Object.entries(o.workspaces)) {
        const dir = path.join(runDir, 'workspaces', name);
        fs.mkdirSync(dir, { recursive: true });
        for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
        folders[name] = dir;
      }
      t0 = Date.now();
      await server.start();
      const startMs = Date.now() - t0;
      browser = await launchBrowser();
      log(`code-server on 127.0.0.1:${server.port}, run folder ${runDir}`);
      return new E2E(runId, runDir, o.artifacts, server, browser, folders, { installMs, vsixMs, startMs });
    } catch (e) {
      await browser?.close().catch(() => undefined);
      await server?.stop();
      fs.rmSync(runDir, { recursive: true, force: true });
      throw e;
    }
  }

  /** A new browser window on a workspace folder, the trust dialog answered. */
  async open(folder: string, trust: boolean): Promise<Workbench> {
    return Workbench.open(this.browser, this.server.url(this.folders[folder]), { trust, artifacts: this.artifacts });
  }

  /**
   * Closes the browser, stops every process of the run, copies the logs into
   * the artefacts, removes the run folder. Returns the processes that had to
   * be killed by force and the log copies.
   */
  async stop(): Promise<{ forced: { pid: number; cmd: string }[]; logs: string[] }> {
    await this.browser.close().catch(() => undefined);
    const forced = await this.server.stop();
    const logs: string[] = [];
    const dest = path.join(this.artifacts, 'logs');
    fs.mkdirSync(dest, { recursive: true });
    for (const f of [this.server.log, ...this.server.exthostLogs()]) {
      // e.g. logs/20261201T101100/exthost1/remoteexthost.log → 20261201T101100-exthost1-remoteexthost.log
      const rel = path.relative(path.join(this.server.userData, 'logs'), f);
      const name = rel.startsWith('..') ? path.basename(f) : rel.split(path.sep).filter((p) => !p.startsWith('output_logging')).join('-');
      fs.copyFileSync(f, path.join(dest, name));
      logs.push(path.join(dest, name));
    }
    if (!process.env.FORKLINT_E2E_KEEP) fs.rmSync(this.runDir, { recursive: true, force: true });
    return { forced, logs };
  }
}

/**
 * Errors of the extension in extension host logs: `[error]` entries (with
 * their stack lines) that name forklint, and anything the forklint output
 * channel logged as an error.
 */
export function forklintErrors(logFiles: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of logFiles) {
    const text = fs.readFileSync(f, 'utf8');
    if (/-forklint\.log$/.test(f)) {
      for (const line of text.split('\n')) if (/\[Error|uncaught|unhandled|did not start|could not be registered/i.test(line)) out.push(`${path.basename(f)}: ${line}`);
      continue;
    }
    // An entry is a timestamped line plus the untimestamped lines after it.
    const entries = text.split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \[)/);
    for (const e of entries) if (/^\S+ \S+ \[error\]/.test(e) && /forklint/i.test(e)) out.push(`${path.basename(f)}: ${e}`);
  }
  return out;
}
