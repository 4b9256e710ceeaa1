// Test support: the Race Lab page in headless Chromium (Debian's, never a
// downloaded one), served from a made-up origin with the same HTML and CSP
// the panel uses, and a stand-in for acquireVsCodeApi() that relays to a
// real LabSession -- so to a real helper process -- through the page protocol.
import * as fs from 'fs';
import type { Browser, Page } from 'playwright-core';
import type { HostToPage, PageToHost, SnippetSource, SnippetTarget } from '../protocol';
import { LabSession } from '../session';
import { makeNonce, pageHtml, pageScript, pageStyle } from './html';

export const CHROMIUM = '/usr/bin/chromium';
const ORIGIN = 'https://racelab.test';

export interface LabPage {
  page: Page;
  session: LabSession;
  /** every message the page posted, and every message posted to it */
  fromPage: PageToHost[];
  toPage: HostToPage[];
  revealed: { file: string; line: number }[];
  /** CSP violations and page errors seen */
  problems: string[];
  setTrusted(t: boolean): void;
  close(): Promise<void>;
}

export async function openLabPage(o: { trusted?: boolean; width?: number; height?: number } = {}): Promise<LabPage> {
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: o.width ?? 1000, height: o.height ?? 900 }, colorScheme: 'dark' });
  const page = await context.newPage();
  const nonce = makeNonce();
  const html = pageHtml({ cspSource: ORIGIN, nonce, scriptUri: `${ORIGIN}/racelab.js`, styleUri: `${ORIGIN}/racelab.css` });
  // nothing leaves the machine: the three files are answered here, the rest refused
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/index.html') return route.fulfill({ contentType: 'text/html', body: html });
    if (url.pathname === '/racelab.js') return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(pageScript) });
    if (url.pathname === '/racelab.css') return route.fulfill({ contentType: 'text/css', body: fs.readFileSync(pageStyle) });
    return route.fulfill({ status: 404, body: '' });
  });

  const fromPage: PageToHost[] = [];
  const toPage: HostToPage[] = [];
  const revealed: { file: string; line: number }[] = [];
  const problems: string[] = [];
  let trusted = o.trusted ?? true;
  // host -> page, in order, batched into one evaluate per tick
  let queue: HostToPage[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let closed = false;
  const flush = () => {
    const batch = queue;
    queue = [];
    flushing = flushing.then(() =>
      closed
        ? undefined
        : page
            .evaluate((msgs) => {
              for (const m of msgs) window.postMessage(m, '*');
            }, batch)
            .catch(() => undefined),
    );
  };
  const session = new LabSession({
    post: (m) => {
      toPage.push(m);
      if (queue.push(m) === 1) setTimeout(flush, 10);
    },
    trusted: () => trusted,
    snippetSource: async (t: SnippetTarget): Promise<SnippetSource> => ({ file: t.file, text: fs.readFileSync(t.file, 'utf8'), line: t.line, language: t.language as 'c' | 'cpp' }),
    reveal: (file, line) => revealed.push({ file, line }),
  });
  await page.exposeBinding('__raceLabToHost', (_src, m: PageToHost) => {
    fromPage.push(m);
    void session.handle(m);
  });
  await page.addInitScript(() => {
    let st: unknown;
    const w = window as unknown as { acquireVsCodeApi: () => unknown; __raceLabToHost: (m: unknown) => void };
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => w.__raceLabToHost(m),
      getState: () => st,
      setState: (s: unknown) => (st = s),
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  if (process.env.RACELAB_DEBUG) page.on('console', (m) => console.log('[page]', m.text()));
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForSelector('#run');
  return {
    page,
    session,
    fromPage,
    toPage,
    revealed,
    problems,
    setTrusted: (t) => (trusted = t),
    close: async () => {
      session.dispose();
      await flushing;
      closed = true;
      await browser.close();
    },
  };
}
