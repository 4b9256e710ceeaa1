// Every fixture, linted alone (a folder under multi/ as one program), must
// produce exactly the findings its `/* expect: RULE-ID */` comments name.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Finding, lintSources } from '../rules/index';
import { FIXTURES_DIR, listPrograms, readAnnotations } from './fixtures';

const ROOT = FIXTURES_DIR;

/** "file:line rule" for every annotation. */
function expectedFindings(file: string, text: string): string[] {
  return readAnnotations(text).annotations.flatMap((a) => a.ruleIds.map((id) => `${file}:${a.line} ${id}`));
}

function describeFinding(f: Finding, root: string): string {
  return `${path.relative(root, f.file)}:${f.range.start.line + 1} ${f.ruleId}`;
}

describe('fixtures: every annotation, both ways', () => {
  const programs = listPrograms();
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
