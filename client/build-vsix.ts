// `npm run package`: bundles the extension and the language server with
// esbuild into out/bundle/, then packs the .vsix with @vscode/vsce.
// tree-sitter and the grammars are native modules: left out of the bundle
// and shipped as they are (.vscodeignore lists what goes in). The Race Lab
// (client/racelab/) is shipped as compiled, not bundled: it starts its own
// helper process and finds its C sources and page assets relative to its
// compiled files.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BUNDLE_DIR = path.join(ROOT, 'out', 'bundle');
export const NATIVE_EXTERNALS = ['tree-sitter', 'tree-sitter-c', 'tree-sitter-cpp'];

const raceLabExternal: esbuild.Plugin = {
  name: 'racelab-external',
  setup(build) {
    // The bundle lives in out/bundle/; the compiled Race Lab in out/client/racelab/.
    build.onResolve({ filter: /^\.\/racelab\/index$/ }, () => ({ path: '../client/racelab/index.js', external: true }));
  },
};

export async function bundle(): Promise<void> {
  const common: esbuild.BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    absWorkingDir: ROOT,
    logLevel: 'warning',
    // Keeps stack traces in the output channel readable.
    keepNames: true,
  };
  await esbuild.build({ ...common, entryPoints: ['client/extension.ts'], outfile: path.join(BUNDLE_DIR, 'extension.js'), external: ['vscode'], plugins: [raceLabExternal] });
  await esbuild.build({ ...common, entryPoints: ['server/main.ts'], outfile: path.join(BUNDLE_DIR, 'server.js'), external: NATIVE_EXTERNALS });
}

export function vsixPath(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return path.join(ROOT, 'out', `${pkg.name}-${pkg.version}.vsix`);
}

/**
 * Packs the .vsix (vsce 3: the 4.x line wants Node 22) for this platform: it
 * carries native binaries. There is no LICENSE file in the repository yet,
 * hence --skip-license.
 */
export function pack(out = vsixPath()): string {
  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--skip-license', '--no-yarn', '--target', `${process.platform}-${process.arch}`, '--out', out], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`vsce package failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return out;
}

if (require.main === module) {
  bundle()
    .then(() => console.log(`packed ${path.relative(process.cwd(), pack())}`))
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
