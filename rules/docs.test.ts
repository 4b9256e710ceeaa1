// The rule documentation: generated pages up to date, and every rule's own
// examples checked by the engine (the bad one flagged by that rule, the good one clean).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOCS_DIR, renderIndex, renderRuleDoc } from '../scripts/gen-rule-docs';
import { lintSources, ruleDocs } from './index';

describe('rule docs', () => {
  for (const d of ruleDocs) {
    describe(d.id, () => {
      it('has its generated page, up to date (npm run docs)', () => {
        const file = path.join(DOCS_DIR, `${d.id}.md`);
        assert.ok(fs.existsSync(file), `${file} is missing: run npm run docs`);
        assert.equal(fs.readFileSync(file, 'utf8'), renderRuleDoc(d), `${file} is stale: run npm run docs`);
      });
      it('its bad example is flagged by this rule', () => {
        const lang = d.badExample.includes('std::') ? 'example.cpp' : 'example.c';
        const found = lintSources([{ path: lang, text: d.badExample }]).filter((f) => f.ruleId === d.id);
        assert.ok(found.length > 0, `${d.id}: the bad example produced no ${d.id} finding`);
      });
      it('its good example is clean', () => {
        const lang = d.goodExample.includes('std::') ? 'example.cpp' : 'example.c';
        const found = lintSources([{ path: lang, text: d.goodExample }]);
        assert.deepEqual(found.map((f) => `${f.range.start.line + 1}: ${f.ruleId} ${f.message}`), [], `${d.id}: the good example is not clean`);
      });
      it('its summary is one line and its explanation says why', () => {
        assert.ok(!d.summary.includes('\n'));
        assert.ok(d.explanation.length > 200);
      });
    });
  }
  it('the index lists every rule', () => {
    assert.equal(fs.readFileSync(path.join(DOCS_DIR, 'README.md'), 'utf8'), renderIndex(ruleDocs));
  });
});
