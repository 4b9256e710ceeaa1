// The fixtures are real programs: each one must compile warning-free, carry its
// header comment, and name only real rules in its annotations.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  FIXTURES_DIR,
  FIXTURE_FOLDERS,
  RULE_IDS,
  headerComment,
  listFixtureFiles,
  listPrograms,
  listSourceFiles,
  readAnnotations,
} from './fixtures';

const CONCURRENCY = 2;

interface CompileResult {
  command: string;
  code: number | null;
  output: string;
}

/** The compiler command for one fixture; thread and OpenMP flags only where the file uses them. */
function compileCommand(file: string, text: string): { cmd: string; args: string[] } {
  const cpp = file.endsWith('.cpp');
  const args = cpp ? ['-std=gnu++17'] : ['-std=gnu11'];
  args.push('-Wall', '-Werror');
  if (/\b(pthread_create|thrd_create)\b|\bstd::(thread|jthread|async)\b/.test(text)) args.push('-pthread');
  if (/^\s*#\s*pragma\s+omp\b/m.test(text)) args.push('-fopenmp');
  // Code already moved to safespawn includes its header, shipped in native-runtime/.
  if (text.includes('"safespawn.h"')) args.push('-I', path.resolve(__dirname, '..', '..', 'native-runtime'));
  args.push('-c', file, '-o', os.devNull);
  return { cmd: cpp ? 'c++' : 'cc', args };
}

function compile(file: string): Promise<CompileResult> {
  const { cmd, args } = compileCommand(file, fs.readFileSync(file, 'utf8'));
  const command = [cmd, ...args.map((a) => (path.isAbsolute(a) && a !== os.devNull ? path.relative(process.cwd(), a) : a))].join(' ');
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: path.dirname(file), maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ command, code, output: `${stdout}${stderr}${err && code === null ? String(err) : ''}` });
    });
  });
}

/** Starts every compile, CONCURRENCY at a time, and returns each file's pending result. */
function compileAll(files: string[]): Map<string, Promise<CompileResult>> {
  const results = new Map<string, Promise<CompileResult>>();
  const starters = new Map<string, () => void>();
  for (const f of files) results.set(f, new Promise((resolve) => starters.set(f, () => compile(f).then(resolve))));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const f = files[next++];
      starters.get(f)!();
      await results.get(f);
    }
  };
  for (let i = 0; i < CONCURRENCY; i++) void worker();
  return results;
}

const rel = (f: string): string => path.relative(FIXTURES_DIR, f).split(path.sep).join('/');

describe('test-fixtures', () => {
  const sources = listSourceFiles();
  const all = listFixtureFiles();
  let pending: Map<string, Promise<CompileResult>> | undefined;

  describe('compile', function () {
    this.timeout(120000);
    before(() => {
      pending = compileAll(sources);
    });
    for (const file of sources) {
      it(rel(file), async () => {
        const r = await pending!.get(file)!;
        assert.equal(r.code, 0, `${r.command}\n${r.output}`);
      });
    }
  });

  describe('layout and annotations', () => {
    it('finds the fixtures', () => {
      assert.ok(sources.length >= 70, `only ${sources.length} fixture sources`);
    });

    it('keeps every fixture in a known folder', () => {
      const misplaced = all.map(rel).filter((r) => !FIXTURE_FOLDERS.includes(r.split('/')[0]) || !r.includes('/'));
      assert.deepEqual(misplaced, []);
    });

    it('gives every fixture file a header comment saying what it tests', () => {
      const missing = all.filter((f) => {
        const h = headerComment(fs.readFileSync(f, 'utf8'));
        return h === undefined || h.replace(/[\s*]+/g, ' ').trim().length < 80;
      });
      assert.deepEqual(missing.map(rel), []);
    });

    it('gives every multi-file program at least two source files', () => {
      const multi = listPrograms().filter((p) => p.name.startsWith('multi/'));
      assert.ok(multi.length >= 4, `only ${multi.length} multi-file programs`);
      const small = multi.filter((p) => p.files.filter((f) => /\.(c|cpp)$/.test(f)).length < 2).map((p) => p.name);
      assert.deepEqual(small, []);
    });

    it('names only known rule ids, in well-formed annotations', () => {
      const problems: string[] = [];
      for (const f of all) {
        const text = fs.readFileSync(f, 'utf8');
        for (const e of readAnnotations(text).errors) problems.push(`${rel(f)}:${e.line}: ${e.message}`);
        if (/expect\s*:/.test(headerComment(text) ?? '')) problems.push(`${rel(f)}: annotation inside the header comment`);
      }
      assert.deepEqual(problems, []);
    });

    for (const rule of RULE_IDS) {
      it(`has at least 8 fixtures for ${rule}, with bugs and safe twins`, () => {
        const files = all.filter((f) => rel(f).startsWith(`${rule}/`));
        const ids = files.map((f) => readAnnotations(fs.readFileSync(f, 'utf8')).annotations.flatMap((a) => a.ruleIds));
        const bugs = ids.filter((x) => x.includes(rule)).length;
        const safe = ids.filter((x) => x.length === 0).length;
        assert.ok(files.length >= 8, `${files.length} fixtures`);
        assert.ok(bugs >= 1 && safe >= 1, `${bugs} bug fixtures, ${safe} safe twins`);
      });
    }
  });
});
