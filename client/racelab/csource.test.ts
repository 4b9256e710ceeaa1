// The source scanner (code lens sites, the function at a line), the snippet
// call planner, compiler-diagnostic parsing and the outcome normalizer.
import * as assert from 'assert';
import { findFunctions, findSpawnSites, functionAt, maskSource } from './csource';
import { outcomeOf } from './helper/normalize';
import { parseDiagnostics, planCall, planParam } from './helper/snippet';

const C = `#include <unistd.h>
#define SPAWN() fork() /* not a site: a macro line */
// fork() in a comment
static const char *msg = "vfork() in a string";
pid_t fork(void);

static int helper(int x) { return x + 1; }

pid_t start(const char *path, char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        execv(path, argv);
        _exit(127);
    }
    return pid;
}

int
spawn_vfork(void)
{
    struct { int a; } s = { 1 };
    pid_t p = vfork(); if (!p) _exit(0);
    return s.a;
}
`;

describe('Race Lab source scanner', () => {
  it('blanks comments, strings and directives, keeping offsets and lines', () => {
    const m = maskSource(C);
    assert.strictEqual(m.length, C.length);
    assert.strictEqual(m.split('\n').length, C.split('\n').length);
    assert.ok(!/fork\(\) in a comment|vfork\(\) in a string|define SPAWN/.test(m));
    assert.ok(m.includes('pid_t pid = fork();'));
  });

  it('finds functions with their names, parameters and lines', () => {
    const fns = findFunctions(C);
    assert.deepStrictEqual(fns.map((f) => [f.name, f.line, f.endLine]), [['helper', 7, 7], ['start', 9, 17], ['spawn_vfork', 19, 25]]);
    assert.deepStrictEqual(fns[1].params, ['const char *path', 'char *const argv[]']);
    assert.strictEqual(fns[1].returnType, 'pid_t');
    assert.deepStrictEqual(fns[2].params, ['void']);
  });

  it('puts a spawn site on each call in a body, not in comments, strings, macros or prototypes', () => {
    const sites = findSpawnSites(C);
    assert.deepStrictEqual(sites.map((s) => [s.call, s.line, s.column, s.fn.name]), [['fork', 11, 16, 'start'], ['vfork', 23, 14, 'spawn_vfork']]);
  });

  it('finds the function holding a line', () => {
    assert.strictEqual(functionAt(C, 13)?.name, 'start');
    assert.strictEqual(functionAt(C, 9)?.name, 'start');
    assert.strictEqual(functionAt(C, 18), undefined);
    assert.strictEqual(functionAt(C, 22)?.name, 'spawn_vfork');
  });

  it('C++: namespaces are looked into, class bodies mark members, lambdas and initialisers are not functions', () => {
    const cpp = `namespace proc { namespace detail {
int launch(const std::string &cmd) noexcept {
  auto f = [](int x) { return x; };
  return fork();
}
} }
class Runner {
 public:
  int run() const { return vfork(); }
};
int Runner::again() { return fork(); }
static int table[] = { 1, 2 };
extern "C" int plain(void) { return posix_spawn(0, 0, 0, 0, 0, 0); }
`;
    const fns = findFunctions(cpp);
    assert.deepStrictEqual(fns.map((f) => [f.callName, f.member]), [['proc::detail::launch', false], ['run', true], ['Runner::again', true], ['plain', false]]);
    assert.deepStrictEqual(findSpawnSites(cpp).map((s) => `${s.call}@${s.line}`), ['fork@4', 'vfork@9', 'fork@11', 'posix_spawn@13']);
  });
});

describe('Race Lab snippet call planner', () => {
  it('classifies parameters', () => {
    assert.deepStrictEqual(planParam('const char *path', 'c'), { kind: 'string', cast: 'const char *' });
    assert.deepStrictEqual(planParam('char *const argv[]', 'c'), { kind: 'argv', cast: 'char *const *' });
    assert.deepStrictEqual(planParam('char **', 'c'), { kind: 'argv', cast: 'char **' });
    assert.deepStrictEqual(planParam('unsigned int', 'c'), { kind: 'int', cast: 'unsigned int' });
    assert.deepStrictEqual(planParam('pid_t pgid', 'c'), { kind: 'int', cast: 'pid_t' });
    assert.deepStrictEqual(planParam('const std::string &cmd', 'cpp'), { kind: 'std-string' });
    assert.deepStrictEqual(planParam('std::vector<std::string> args', 'cpp'), { kind: 'std-vector-string' });
    assert.strictEqual(planParam('struct job *j', 'c').kind, 'error');
    assert.strictEqual(planParam('void (*cb)(int)', 'c').kind, 'error');
    assert.strictEqual(planParam('int &n', 'cpp').kind, 'error');
  });

  it('plans a call, or says why it cannot', () => {
    const fns = findFunctions(C);
    const p = planCall(fns[1], 'c');
    assert.ok(!('error' in p));
    if (!('error' in p)) assert.deepStrictEqual(p.args, ['(const char *)in->path', '(char *const *)in->argv']);
    const v = planCall(fns[2], 'c');
    assert.ok(!('error' in v) && v.args.length === 0 && !v.returnsVoid);
    const bad = planCall(findFunctions('int f(struct job *j, double d) { return fork(); }')[0], 'c');
    assert.ok('error' in bad && /struct job \*j/.test(bad.error));
    const main = planCall(findFunctions('int main(int argc, char **argv) { return 0; }')[0], 'c');
    assert.ok(!('error' in main) && main.args.join() === '2,(char **)in->main_argv');
  });
});

describe('Race Lab compiler diagnostics', () => {
  it('maps the copy back to the user file and keeps the harness apart', () => {
    const out = [
      "/tmp/x/src/a.c: In function 'f':",
      "/tmp/x/src/a.c:6:18: error: 'y' undeclared (first use in this function)",
      '/tmp/x/src/a.c:6:18: note: each undeclared identifier is reported only once',
      '/work/helper/c/prelude.h:3:1: warning: something in the harness',
      "/usr/bin/ld: /tmp/x/glue.o: in function `forklint_entry': undefined reference to `g'",
      'collect2: error: ld returned 1 exit status',
    ].join('\n');
    const d = parseDiagnostics(out, '/tmp/x/src/a.c', '/home/me/a.c');
    assert.deepStrictEqual(d.map((x) => [x.file, x.line, x.column, x.severity, x.user]), [
      ['/home/me/a.c', 6, 18, 'error', true],
      ['/home/me/a.c', 6, 18, 'note', true],
      ['/work/helper/c/prelude.h', 3, 1, 'warning', false],
      ['', 0, 0, 'error', false],
      ['', 0, 0, 'error', false],
    ]);
    assert.match(d[0].message, /'y' undeclared/);
  });
});

describe('Race Lab outcome categories', () => {
  it('maps the lab runner\'s words to the ones the page counts', () => {
    const o = (sc: Parameters<typeof outcomeOf>[0], e: Record<string, unknown>) => outcomeOf(sc, { event: 'outcome', ...e });
    assert.strictEqual(o('kill-before-exec', { outcome: 'killed', signal: 15 }), 'terminated');
    assert.strictEqual(o('kill-before-exec', { outcome: 'lost', signal: 9 }), 'handler-in-child');
    assert.strictEqual(o('kill-before-exec', { outcome: 'other', signal: 9 }), 'timeout');
    assert.strictEqual(o('kill-before-exec', { outcome: 'other', exit_code: 0 }), 'other');
    assert.strictEqual(o('malloc-after-fork', { outcome: 'hang' }), 'hang');
    assert.strictEqual(o('exec-failure', { learned: 'errno', errno: 'ENOENT', step: -1 }), 'errno+step');
    assert.strictEqual(o('exec-failure', { learned: 'errno', errno: 'ENOENT' }), 'errno');
    assert.strictEqual(o('exec-failure', { learned: 'exit status', exit_code: 127 }), 'exit-status');
    assert.strictEqual(o('snippet', { outcome: 'handler-in-child' }), 'handler-in-child');
    assert.strictEqual(outcomeOf('kill-before-exec', { event: 'summary' }), undefined);
  });
});
