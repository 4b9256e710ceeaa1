// The suppression comment the "ignore this rule on this line" action writes:
// checked by linting the edited text, so a comment the engine would not
// honour fails here.
import * as assert from 'node:assert/strict';
import { applyEdits, lintSources } from '../rules/index';
import { ignoreEdit } from './code-actions';
import { toItems } from './convert';

const FILE = '/t/ignore.c';
const uris = { uriOf: (f: string) => `file://${f}`, versionOf: () => null };

function ignoreFirst(text: string, rule?: string): { edited: string; before: string[]; after: string[] } {
  const findings = lintSources([{ path: FILE, text }]);
  const items = toItems(FILE, findings, uris);
  const item = items.find((i) => !rule || i.finding.ruleId === rule);
  assert.ok(item, `a ${rule ?? ''} finding to ignore`);
  const edit = ignoreEdit(item, { docPath: FILE, items, textOf: () => text, uris, documentChanges: false });
  assert.ok(edit);
  const edited = applyEdits(text, [edit]);
  return { edited, before: findings.map((f) => f.ruleId), after: lintSources([{ path: FILE, text: edited }]).map((f) => f.ruleId) };
}

const VFORK = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    pid_t p = vfork();
    if (p == 0) {
        execlp("x", "x", (char *)0);
        exit(1);
    }
    return 0;
}
`;

describe('code actions: ignore this rule on this line', () => {
  it('inserts `// forklint-ignore-next-line ID` above the line, indented like it', () => {
    const { edited, before, after } = ignoreFirst(VFORK);
    assert.deepEqual(before, ['child-exit-not-_exit']);
    assert.deepEqual(after, []);
    assert.match(edited, /\n        \/\/ forklint-ignore-next-line child-exit-not-_exit\n        exit\(1\);/);
  });

  it('adds the id to a suppression comment already there (keeping its reason)', () => {
    const text = VFORK.replace('        exit(1);', '        // forklint-ignore-next-line vfork-unsafe-call -- reviewed\n        exit(1);');
    const { edited, after } = ignoreFirst(text, 'child-exit-not-_exit');
    assert.match(edited, /\/\/ forklint-ignore-next-line vfork-unsafe-call, child-exit-not-_exit -- reviewed\n/);
    assert.deepEqual(after, []);
  });

  it('inside a macro\'s continued lines, writes a block comment that continues the macro', () => {
    const text = `#include <stdio.h>
#include <unistd.h>
#define CHILD_FAIL(msg) \\
    do { \\
        printf("%s\\n", msg); \\
        _exit(1); \\
    } while (0)

int main(void)
{
    pid_t p = vfork();
    if (p == 0) {
        execlp("x", "x", (char *)0);
        CHILD_FAIL("no");
    }
    return 0;
}
`;
    const { edited, before, after } = ignoreFirst(text);
    assert.deepEqual(before, ['vfork-unsafe-call']);
    assert.match(edited, /do \{ \\\n {8}\/\* forklint-ignore-next-line vfork-unsafe-call \*\/ \\\n {8}printf/);
    assert.deepEqual(after, []);
  });

  it('keeps CRLF line ends', () => {
    const { edited, after } = ignoreFirst(VFORK.replace(/\n/g, '\r\n'));
    assert.match(edited, /\r\n {8}\/\/ forklint-ignore-next-line child-exit-not-_exit\r\n {8}exit\(1\);\r\n/);
    assert.deepEqual(after, []);
  });
});
