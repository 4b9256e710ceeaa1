// Finds the fixture programs and reads their `/* expect: RULE-ID */` annotations.
// Shared by the fixture tests (compile.test.ts) and usable by the engine's
// annotation test, so both agree on what a fixture and an annotation are.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** test-fixtures/ in the source tree (this module runs from out/test-fixtures/). */
export const FIXTURES_DIR = path.resolve(__dirname, '..', '..', 'test-fixtures');

/** The rules the fixtures specify; an annotation naming anything else is a typo. */
export const RULE_IDS: readonly string[] = [
  'vfork-unsafe-call',
  'vfork-stack-write',
  'vfork-return',
  'child-exit-not-_exit',
  'fork-child-unsafe-call',
  'exec-without-exit',
  'signal-handler-unsafe-call',
  'signal-race',
  'exec-error-lost',
  'fd-leak-no-cloexec',
];

/** Top-level folders a fixture may live in. */
export const FIXTURE_FOLDERS: readonly string[] = [...RULE_IDS, 'shapes', 'multi', 'examples', 'rewrite'];

const SOURCE_RE = /\.(c|cpp)$/;
const FIXTURE_RE = /\.(c|cpp|h|hpp)$/;

/** Every fixture file (sources and headers), as absolute paths, sorted. */
export function listFixtureFiles(root: string = FIXTURES_DIR): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      if (ent.name.startsWith('.') || ent.name === 'node_modules') continue;
      const full = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(full);
      else if (FIXTURE_RE.test(ent.name)) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}

/** The compilable fixture files (.c, .cpp). */
export function listSourceFiles(root: string = FIXTURES_DIR): string[] {
  return listFixtureFiles(root).filter((f) => SOURCE_RE.test(f));
}

/**
 * The programs the fixtures form: every file is its own program, except that the
 * files of one test-fixtures/multi/<name>/ folder form one program together.
 */
export function listPrograms(root: string = FIXTURES_DIR): { name: string; files: string[] }[] {
  const programs = new Map<string, string[]>();
  for (const file of listFixtureFiles(root)) {
    const rel = path.relative(root, file).split(path.sep);
    const name = rel[0] === 'multi' && rel.length > 2 ? rel.slice(0, 2).join('/') : rel.join('/');
    const files = programs.get(name) ?? [];
    files.push(file);
    programs.set(name, files);
  }
  return [...programs].map(([name, files]) => ({ name, files }));
}

export interface Annotation {
  /** 1-based line number. */
  line: number;
  ruleIds: string[];
}

export interface AnnotationError {
  line: number;
  message: string;
}

// Any comment that begins with the word "expect" is meant as an annotation and
// must be well formed; a mention of "expect:" anywhere else is an error too.
const COMMENT_RE = /\/\*\s*expect\b(?:[^*]|\*(?!\/))*\*\//g;
const STRICT_RE = /^\/\*\s*expect:\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)\s*\*\/$/;

/** Reads a fixture's annotations; `errors` lists malformed ones and unknown rule ids. */
export function readAnnotations(text: string): { annotations: Annotation[]; errors: AnnotationError[] } {
  const annotations: Annotation[] = [];
  const errors: AnnotationError[] = [];
  text.split('\n').forEach((lineText, i) => {
    const line = i + 1;
    const comments = lineText.match(COMMENT_RE) ?? [];
    const rest = lineText.replace(COMMENT_RE, '');
    if (/expect\s*:/.test(rest)) errors.push({ line, message: `"expect:" outside an annotation comment: ${lineText.trim()}` });
    if (comments.length > 1) errors.push({ line, message: 'more than one annotation comment on one line' });
    for (const c of comments) {
      const m = STRICT_RE.exec(c);
      if (!m) {
        errors.push({ line, message: `malformed annotation ${c}` });
        continue;
      }
      const ids = m[1].split(',').map((s) => s.trim());
      for (const id of ids) if (!RULE_IDS.includes(id)) errors.push({ line, message: `unknown rule id "${id}"` });
      if (new Set(ids).size !== ids.length) errors.push({ line, message: `rule id repeated in ${c}` });
      annotations.push({ line, ruleIds: ids });
    }
  });
  return { annotations, errors };
}

/** The leading block comment of a file, without its delimiters, or undefined if the file does not start with one. */
export function headerComment(text: string): string | undefined {
  const m = /^\s*\/\*([\s\S]*?)\*\//.exec(text);
  return m ? m[1] : undefined;
}
