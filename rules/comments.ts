// Text with comments (or preprocessor directive lines) blanked: every
// character but a newline becomes a space, so positions stay put.
const COMMENTS = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
// A directive line, with its backslash-continued lines.
const DIRECTIVE = /^[ \t]*#(?:[^\n]*\\\r?\n)*[^\n]*/gm;

const blank = (s: string) => (s.includes('\n') ? s.replace(/[^\n]/g, ' ') : ' '.repeat(s.length));

export function stripComments(text: string): string {
  return text.replace(COMMENTS, blank);
}

/** Only the C code: comments and directive lines (`#define …`, `#if …`) blanked. */
export function codeOnly(text: string): string {
  return stripComments(text).replace(DIRECTIVE, blank);
}
