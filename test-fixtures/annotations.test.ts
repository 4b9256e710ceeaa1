// Every fixture, linted alone (a folder under multi/ as one program), must
// produce exactly the findings its `/* expect: RULE-ID */` comments name.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Finding, lintSources } from '../rules/index';

const ROOT = path.resolve(__dirname, '..', '..', 'test-fixtures');
const SOURCE = /\.(c|cc|cpp|cxx|h|hh|hpp)$/;

export interface FixtureProgram {
  name: string;
  files: string[];
}

/** Each fixture file is its own program, except folders under multi/, which are one program each. */
export function fixturePrograms(root = ROOT): FixtureProgram[] {
  const out: FixtureProgram[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (path.basename(dir) === 'multi') out.push({ name: path.relative(root, p), files: listSources(p) });
        else walk(p);
      } else if (SOURCE.test(e.name)) out.push({ name: path.relative(root, p), files: [p] });
    }
  };
  walk(root);
  return out;
}

function listSources(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => SOURCE.test(f)).sort().map((f) => path.join(dir, f));
}

const EXPECT = /\/\*\s*expect:\s*([^*]*?)\s*\*\//g;

/** "file:line rule" for every annotation. */
export function expectedFindings(file: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(EXPECT)) {
      for (const id of m[1].split(',').map((s) => s.trim()).filter(Boolean)) out.push(`${file}:${i + 1} ${id}`);
    }
  });
  return out;
}

function describeFinding(f: Finding, root: string): string {
  return `${path.relative(root, f.file)}:${f.range.start.line + 1} ${f.ruleId}`;
}

describe('fixtures: every annotation, both ways', () => {
  const programs = fixturePrograms();
  it('there are fixtures to check', () => {
    assert.ok(programs.length > 0, `no fixtures under ${ROOT}`);
  });
  for (const prog of programs) {
    it(prog.name, () => {
      const sources = prog.files.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
      const findings = lintSources(sources);
      const expected = sources.flatMap((s) => expectedFindings(path.relative(ROOT, s.path), s.text)).sort();
      const actual = findings.map((f) => describeFinding(f, ROOT));
      const missing = expected.filter((e) => !actual.includes(e));
      const unexpected = findings.filter((f) => !expected.includes(describeFinding(f, ROOT)));
      if (missing.length || unexpected.length) {
        const lines = [
          ...missing.map((m) => `  expected, not found: ${m}`),
          ...unexpected.map((f) => `  found, not expected: ${describeFinding(f, ROOT)} — ${f.message}`),
        ];
        assert.fail(`${prog.name}:\n${lines.join('\n')}`);
      }
      // Duplicates would mean one problem reported twice.
      assert.equal(new Set(actual).size, actual.length, `${prog.name}: a finding is reported twice: ${actual.join(', ')}`);
    });
  }
});
