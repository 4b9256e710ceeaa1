// The webview's HTML: a strict Content-Security-Policy (nothing remote, the
// one script by nonce, styles and images only from the extension's folder).
// No vscode here: the page test builds the same page.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export interface PageResources {
  /** webview.cspSource: the origin local resources are served from */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function makeNonce(): string {
  return crypto.randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

/** The page's script (compiled by tsc) and stylesheet (kept in the source tree). */
export const pageScript = path.join(__dirname, 'racelab.js');
export const pageStyle = path.resolve(
  __dirname,
  fs.existsSync(path.join(__dirname, 'racelab.css')) ? '.' : '../../../../client/racelab/page',
  'racelab.css',
);

export function contentSecurityPolicy(r: Pick<PageResources, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${r.nonce}'`,
    `style-src ${r.cspSource}`,
    `img-src ${r.cspSource} data:`,
    `font-src ${r.cspSource}`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

// The root tsconfig (module node16) makes tsc emit every file as CommonJS, so
// the page script, which imports nothing, still opens with an
// `exports.__esModule` marker: the first script gives it an object to set.
export function pageHtml(r: PageResources): string {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(r))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(r.styleUri)}">
<title>Race Lab</title>
</head>
<body>
<main id="app" aria-busy="true"><p>Loading Race Lab…</p></main>
<script nonce="${attr(r.nonce)}">var exports = {};</script>
<script nonce="${attr(r.nonce)}" src="${attr(r.scriptUri)}"></script>
</body>
</html>
`;
}
