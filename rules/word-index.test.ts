// The word index against the regexes it stands in for: after any edits it
// holds what a fresh index of the text holds, and each token scan read from
// it gives text.matchAll's matches (so the editor's path and the CLI's agree).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { HANDLER_TOKENS_ALL, HANDLER_WORDS, EXEC_CALLS, EXEC_WORDS, MAIN_DEF, SPAWN_PREFIXES, SPAWN_TOKENS_ALL, SPAWN_WORDS, THREAD_CALL, THREAD_WORDS } from './program';
import { WordIndex, matchesFrom } from './word-index';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test-fixtures');

function fixtureTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(c|cc|cpp|h)$/.test(e.name)) out.push({ name: path.relative(FIXTURES, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(FIXTURES);
  return out;
}

const SCANS = [
  { name: 'spawn tokens', re: SPAWN_TOKENS_ALL, words: SPAWN_WORDS, prefixes: SPAWN_PREFIXES },
  { name: 'handler installs', re: HANDLER_TOKENS_ALL, words: HANDLER_WORDS, prefixes: [] },
  { name: 'exec calls', re: EXEC_CALLS, words: EXEC_WORDS, prefixes: [] },
  { name: 'main()', re: MAIN_DEF, words: ['main'], prefixes: [] },
];

const spans = (ms: Iterable<RegExpMatchArray>) => [...ms].map((m) => `${m.index}:${m[0]}`);

function allWords(text: string): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const w of text.matchAll(/\w+/g)) m.set(w[0], [...(m.get(w[0]) ?? []), w.index!]);
  return m;
}

// Pieces that make and break the scans' words, and lines.
const PIECES = ['fork', 'v', '__clone3', 'execvp', ' (', '(', 'main', ')', '{', ';', '\n', ' ', 'x', 'sigaction', 'std::thread', '#pragma omp', '/*', '*/', 'ss_spawn_ex', '_'];

describe('word index (word-index.ts)', () => {
  const fixtures = fixtureTexts();

  it('each token scan read from the index gives text.matchAll’s matches, on every fixture', () => {
    assert.ok(fixtures.length >= 60, `${fixtures.length} fixtures`);
    for (const { name, text } of fixtures) {
      const idx = new WordIndex(text);
      for (const s of SCANS) assert.deepEqual(spans(matchesFrom(idx, text, s.re, s.words, s.prefixes)), spans(text.matchAll(s.re)), `${name}: ${s.name}`);
    }
  });

  it('the word lists cover every name the patterns spell out', () => {
    // Written out here, not taken from the lists under test.
    const names = [
      'fork', 'vfork', '_Fork', '__fork', 'clone', '__clone', '__clone2', '__clone3', '__clone_internal', 'SYS_fork', 'SYS_vfork', 'SYS_clone', '__NR_fork', '__NR_vfork', '__NR_clone',
      'signal', 'sigaction', 'sigset', 'bsd_signal', 'sysv_signal', 'pthread_atfork',
      'execl', 'execlp', 'execle', 'execlpe', 'execv', 'execvp', 'execve', 'execvpe', 'fexecve', 'execveat', 'posix_spawn', 'posix_spawnp', 'ss_spawn', 'ss_spawnp', 'ss_spawn_ex', 'ss_spawn_async',
      'main', 'execvpx', 'forks', 'xfork',
    ];
    const text = names.map((n) => `${n} (a) {\n${n}(b);\n`).join('');
    const idx = new WordIndex(text);
    for (const s of SCANS) {
      const want = spans(text.matchAll(s.re));
      assert.ok(want.length > 0, s.name);
      assert.deepEqual(spans(matchesFrom(idx, text, s.re, s.words, s.prefixes)), want, s.name);
    }
  });

  it('every THREAD_CALL match holds one of THREAD_WORDS', () => {
    const samples = [...fixtures.map((f) => f.text), 'std::jthread t; std::async(f); boost::thread b;', '  #  pragma   omp parallel', 'g_thread_try_new(); uv_thread_create(&t);'];
    let matched = 0;
    for (const text of samples) {
      for (const m of text.matchAll(new RegExp(THREAD_CALL.source, 'gm'))) {
        matched++;
        const words = new Set(m[0].match(/\w+/g) ?? []);
        assert.ok(THREAD_WORDS.some((w) => words.has(w)), `"${m[0]}" holds none of THREAD_WORDS`);
      }
    }
    assert.ok(matched >= 5, `${matched} thread calls seen`);
  });

  it('after random edits: the same words as a fresh index, and the same scans as the regexes', () => {
    const base = fixtures.find((f) => f.text.includes('vfork') && f.text.includes('exec'))!.text;
    // Small chunks would hide boundary bugs in a 4 KiB-chunked index: the text is made long enough for several.
    const start = (base + '\n').repeat(Math.ceil(20000 / base.length));
    const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat({ max: 12 }), ins: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 25 }), (list) => {
        let text = start;
        const idx = new WordIndex(text);
        for (const e of list) {
          // Half the edits start at a newline: where chunks meet.
          const nl = text.indexOf('\n', Math.floor(e.at * text.length));
          const s = e.del % 2 && nl >= 0 ? Math.max(0, nl - (e.del >> 1)) : Math.floor(e.at * text.length);
          const end = Math.min(text.length, s + e.del);
          const ins = e.ins.join('');
          text = text.slice(0, s) + ins + text.slice(end);
          idx.edit(text, { startIndex: s, oldEndIndex: end, newEndIndex: s + ins.length });
        }
        assert.deepEqual(idx.entries(), allWords(text), 'the words and their offsets');
        for (const s of SCANS) assert.deepEqual(spans(matchesFrom(idx, text, s.re, s.words, s.prefixes)), spans(text.matchAll(s.re)), s.name);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses an edit that does not describe the text', () => {
    const idx = new WordIndex('int fork;');
    assert.throws(() => idx.edit('int fork;;;', { startIndex: 8, oldEndIndex: 8, newEndIndex: 9 }), /does not match/);
  });
});
