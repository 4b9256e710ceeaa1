import * as assert from 'assert';
import { functionLikeMacros, NameIndex } from './name-index';

describe('name index', function () {
  // [text, the function-like macros it defines]
  const macroCases: [string, string[]][] = [
    ['#define F(x) (x)\n', ['F']],
    ['  #  define G(a, b) a\n', ['G']],
    ['#define\tK(x) x\n', ['K']],
    ['int a;\r\n#define J(x) x\r\n', ['J']],
    ['#define OBJ 1\n', []],
    ['#define H (x)\n', []], // object-like: the parenthesis is its value
    ['x #define I(y) y\n', []], // not at a line's start
    ['#defineL(x) x\n', []],
    ['#define _M9(x) x\n#define N(', ['_M9', 'N']],
    ['/* undefined */ #undef P\n#define', []],
  ];
  for (const [text, want] of macroCases) {
    it(`macros of ${JSON.stringify(text)}: ${want.join(', ') || 'none'}`, function () {
      assert.deepStrictEqual([...functionLikeMacros(text)].sort(), [...want].sort());
    });
  }

  // [text, name, declared noreturn]
  const noreturnCases: [string, string, boolean][] = [
    ['_Noreturn void die(int);\n', 'die', true],
    ['void fatal(const char *) __dead2;\n', 'fatal', true],
    ['extern void bye(void) NO_RETURN;\n', 'bye', true],
    ['ATTRIBUTE_NORETURN void quit(void);\n', 'quit', true],
    ['void dropbear_exit(const char *format, ...) ATTRIB_PRINTF(1,2) ATTRIB_NORETURN;\n', 'dropbear_exit', true],
    ['void g_fatal(void) G_GNUC_NORETURN;\n', 'g_fatal', true],
    ['Py_NO_RETURN void Py_Fatal(const char *msg);\n', 'Py_Fatal', true],
    ['int NORETURN_CHECKS;\nvoid keeps_going(void);\n', 'keeps_going', false],
    // glibc's assert.h: a comment and a macro beside the marked declaration declare nothing.
    ['/* void assert_perror (int errnum);\n   aborts. */\n# define assert_perror(e) (0)\nextern void __assert_perror_fail (int e) __attribute__ ((__noreturn__));\n', 'assert_perror', false],
    ['/* void assert_perror (int errnum);\n   aborts. */\n# define assert_perror(e) (0)\nextern void __assert_perror_fail (int e) __attribute__ ((__noreturn__));\n', '__assert_perror_fail', true],
    ['void give_up(void) __attribute__((__noreturn__));\n', 'give_up', true],
    ['void carry_on(void);\n', 'carry_on', false],
  ];
  for (const [text, name, want] of noreturnCases) {
    it(`${name}() in ${JSON.stringify(text)} is ${want ? '' : 'not '}noreturn`, function () {
      const ix = new NameIndex();
      ix.setFile('a.c', text);
      assert.strictEqual(ix.isNoreturn(name), want);
    });
  }
});
