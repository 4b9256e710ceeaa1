// The .vsix: built as `npm run package` builds it, then opened and checked —
// its manifest, that it holds the bundles, the grammars, the native bindings
// and the data it needs, that every require in it resolves inside it, and
// that the server it carries starts and lints from the unpacked package.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { ruleDocs } from '../rules/index';
import { TestClient, fileUri } from '../server/test-client';
import { SAFESPAWN_FILES } from '../cli/vendor';
import { shippedSafespawnIn } from './add-safespawn';
import { ROOT, bundle, pack } from './build-vsix';

interface ZipEntry {
  fileName: string;
  /** the Unix mode in the high 16 bits */
  externalFileAttributes: number;
}
interface ZipFile {
  readEntry(): void;
  on(event: 'entry', cb: (e: ZipEntry) => void): void;
  on(event: 'end' | 'error', cb: (e?: Error) => void): void;
  openReadStream(e: ZipEntry, cb: (err: Error | null, s: NodeJS.ReadableStream) => void): void;
}
// yauzl comes with @vscode/vsce (it reads .vsix files with it too).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const yauzl = require('yauzl') as { open(p: string, o: { lazyEntries: boolean }, cb: (err: Error | null, z: ZipFile) => void): void };

function unzip(file: string, dest: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const names: string[] = [];
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('error', reject);
      zip.on('end', () => resolve(names));
      zip.on('entry', (e) => {
        names.push(e.fileName);
        if (e.fileName.endsWith('/')) return zip.readEntry();
        const to = path.join(dest, e.fileName);
        fs.mkdirSync(path.dirname(to), { recursive: true });
        zip.openReadStream(e, (err2, s) => {
          if (err2) return reject(err2);
          // With the mode it was packed with, as VS Code installs a .vsix (the lab's programs are executables).
          const mode = (e.externalFileAttributes >>> 16) & 0o777;
          s.pipe(fs.createWriteStream(to, mode ? { mode } : {})).on('finish', () => zip.readEntry()).on('error', reject);
        });
      });
      zip.readEntry();
    });
  });
}

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Literal require() targets in a script. */
function requiresOf(js: string): string[] {
  return [...js.matchAll(/\brequire\(\s*(["'])([^"']+)\1\s*\)/g)].map((m) => m[2]);
}

function resolvesIn(from: string, spec: string, ext: string): boolean {
  const candidates = (base: string) => [base, `${base}.js`, `${base}.json`, `${base}.node`, path.join(base, 'index.js')];
  if (spec.startsWith('.')) return candidates(path.resolve(path.dirname(from), spec)).some((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  return fs.existsSync(path.join(ext, 'node_modules', pkg, 'package.json'));
}

describe('the .vsix package', function () {
  this.timeout(120000);
  let dir: string;
  let ext: string;
  let names: string[];
  before(async () => {
    await bundle();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forklint-vsix-'));
    const vsix = pack(path.join(dir, 'forklint.vsix'));
    assert.ok(fs.statSync(vsix).size > 0);
    names = await unzip(vsix, path.join(dir, 'x'));
    ext = path.join(dir, 'x', 'extension');
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has a valid manifest: the VSIX identity for this platform and the extension package.json', () => {
    const vsixManifest = fs.readFileSync(path.join(dir, 'x', 'extension.vsixmanifest'), 'utf8');
    assert.match(vsixManifest, new RegExp(`<Identity [^>]*Id="forklint" Version="0\\.1\\.0" Publisher="forklint" TargetPlatform="${process.platform}-${process.arch}"`));
    assert.match(vsixManifest, /Microsoft\.VisualStudio\.Code\.Engine" Value="\^1\.91\.0"/);
    const pkg = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8')) as { main: string; contributes: unknown };
    assert.ok(fs.existsSync(path.join(ext, pkg.main)), `main (${pkg.main}) is in the package`);
    assert.ok(pkg.contributes);
  });

  it('holds the bundles, the grammars, the native bindings, the lab and the data', () => {
    const want = [
      'out/bundle/extension.js',
      'out/bundle/server.js',
      'node_modules/tree-sitter/index.js',
      'node_modules/tree-sitter-c/bindings/node/index.js',
      'node_modules/tree-sitter-cpp/bindings/node/index.js',
      'native-runtime/build/Release/safespawn.node',
      'native-runtime/build/Release/safespawn-lab',
      'native-runtime/safespawn.c',
      'native-runtime/safespawn.h',
      'native-runtime/lab/lab-common.h', // the Race Lab's harness and jail include it when they are built
      'client/racelab/helper/c/harness.c',
      'client/racelab/helper/c/jail.c',
      'schema/forklintrc.schema.json',
      ...ruleDocs.map((d) => `rules/docs/${d.id}.md`),
      ...fs.readdirSync(path.join(ROOT, 'rules', 'kb', 'data')).map((f) => `rules/kb/data/${f}`),
    ];
    const have = new Set(names.map((n) => n.replace(/^extension\//, '')));
    assert.deepEqual(want.filter((w) => !have.has(w)), [], 'missing from the package');
    // A native binding for this platform for the runtime and each grammar (built, or prebuilt).
    const plat = `${process.platform}-${process.arch}`;
    for (const m of ['tree-sitter', 'tree-sitter-c', 'tree-sitter-cpp']) {
      assert.ok([...have].some((n) => n.startsWith(`node_modules/${m}/`) && n.endsWith('.node') && (n.includes('/build/Release/') || n.includes(`/prebuilds/${plat}/`))), `${m} has a native binding for ${plat}`);
    }
    // Trimmed: no sources, tests, maps or other people's node_modules.
    const stray = [...have].filter((n) => /\.ts$|\.test\.js$|\.map$/.test(n) || (n.startsWith('node_modules/') && !/^node_modules\/(tree-sitter(-c|-cpp)?|node-gyp-build)\//.test(n)));
    assert.deepEqual(stray, []);
  });

  it('"Add safespawn to this project" finds the files it copies where the installed extension has them', () => {
    // The command copies from shippedSafespawnIn(context.extensionPath): the unpacked package is that folder.
    const from = shippedSafespawnIn(ext);
    for (const f of SAFESPAWN_FILES) assert.ok(fs.readFileSync(path.join(from, f)).equals(fs.readFileSync(path.join(ROOT, 'native-runtime', f))), f);
    assert.match(fs.readFileSync(path.join(ext, 'out', 'bundle', 'extension.js'), 'utf8'), /forklint\.addSafespawn/);
  });

  it('the Race Lab builds its jail and harness from the installed layout (the shared lab header ships)', async () => {
    // The helper's own code, as unpacked: it finds its C sources and native-runtime/ relative to itself.
    const jailJs = path.join(ext, 'out', 'client', 'racelab', 'helper', 'jail.js');
    const { buildTools, cDir } = require(jailJs) as typeof import('./racelab/helper/jail');
    const { nativeRoot } = require(path.join(ext, 'out', 'native-runtime', 'index.js')) as typeof import('../native-runtime/index');
    assert.ok(cDir.startsWith(ext) && nativeRoot.startsWith(ext), `${cDir}, ${nativeRoot}`);
    const tmp = fs.mkdtempSync(path.join(dir, 'racelab-'));
    const tools = await buildTools(tmp);
    assert.ok(fs.statSync(tools.jail).isFile() && fs.statSync(tools.lab).isFile());
    const r = spawnSync('cc', ['-std=gnu11', '-O2', '-pthread', '-I', nativeRoot, '-I', cDir, '-c', path.join(cDir, 'harness.c'), '-o', path.join(tmp, 'harness.o')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('every require in its scripts resolves inside the package', () => {
    const bad: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.js')) {
          for (const spec of requiresOf(fs.readFileSync(p, 'utf8'))) {
            if (BUILTINS.has(spec) || spec === 'vscode') continue;
            if (!resolvesIn(p, spec, ext)) bad.push(`${path.relative(ext, p)}: require('${spec}')`);
          }
        }
      }
    };
    walk(path.join(ext, 'out'));
    assert.deepEqual(bad, []);
  });

  it('the Race Lab as installed starts its helper and programs with safespawn, and with child_process once the binding is gone', function () {
    // A fresh Node each time: the package's own modules, loaded from the unpacked folder, as the extension host loads them.
    const script = `const { HelperClient } = require(${JSON.stringify(path.join(ext, 'out', 'client', 'racelab', 'client.js'))});
      const sums = [];
      const c = new HelperClient((m) => {
        if (m.type === 'event' && m.event.event === 'summary') sums.push([m.event.strategy, m.event.with_errno]);
        if (m.type === 'done' || m.type === 'error') { console.log(JSON.stringify({ helper: c.spawnedBy, end: m.type, programs: m.spawnedBy, sums })); c.dispose(); }
      });
      c.send({ type: 'run', id: 'x', scenario: 'exec-failure', strategies: ['fork', 'safespawn'], params: { iterations: 1 } });`;
    const runIt = () => {
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as unknown;
    };
    const sums = [['fork', 0], ['safespawn', 4]];
    assert.deepEqual(runIt(), { helper: 'safespawn', end: 'done', programs: 'safespawn', sums });
    fs.rmSync(path.join(ext, 'native-runtime', 'build', 'Release', 'safespawn.node'));
    assert.deepEqual(runIt(), { helper: 'child_process', end: 'done', programs: 'child_process', sums });
  });

  it('the packaged server starts from the unpacked package and lints', async () => {
    const c = await TestClient.start({ server: path.join(ext, 'out', 'bundle', 'server.js') });
    try {
      const file = path.join(ROOT, 'test-fixtures', 'examples', 'minish.c');
      await c.open(fileUri(file), fs.readFileSync(file, 'utf8'), 1);
      const d = await c.diagnostics(fileUri(file), 1, 30000);
      assert.deepEqual(d.map((x) => x.code), ['child-exit-not-_exit', 'exec-without-exit']);
      const cpp = path.join(ROOT, 'test-fixtures', 'examples', 'thumbd.cpp');
      await c.open(fileUri(cpp), fs.readFileSync(cpp, 'utf8'), 1);
      assert.ok((await c.diagnostics(fileUri(cpp), 1, 30000)).length > 0, 'C++ too (the other grammar)');
    } finally {
      await c.stop();
    }
  });
});
