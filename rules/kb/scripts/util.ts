// Small helpers the KB import scripts share.
import * as fs from 'fs';
import * as path from 'path';

/** The checkout's root: the nearest folder above `from` whose package.json is forklint's. */
export function repoRoot(from: string = __dirname): string {
  for (let d = path.resolve(from); ; d = path.dirname(d)) {
    const pj = path.join(d, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if (JSON.parse(fs.readFileSync(pj, 'utf8')).name === 'forklint') return d;
      } catch {
        // Not ours; keep climbing.
      }
    }
    if (path.dirname(d) === d) throw new Error(`no forklint package.json above ${from}`);
  }
}

export function dataPath(file: string): string {
  return path.join(repoRoot(), 'rules', 'kb', 'data', file);
}

export function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** `--name value` options after the positional arguments. */
export function parseArgs(argv: string[]): { positional: string[]; opts: Map<string, string> } {
  const positional: string[] = [];
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      opts.set(a.slice(2), v);
      i++;
    } else positional.push(a);
  }
  return { positional, opts };
}
