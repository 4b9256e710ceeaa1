import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { allEntries, canonicalName, isThreadCreation, kbSources, lookup } from './index';
import type { AsyncSignalSafeFile, UnsafeEntry, VforkFile } from './schema';
import { buildAsyncSignalSafeFile, buildVforkFile, parseAsyncSignalSafe, SETID_WRAPPERS } from './scripts/import-reference';
import { collectLibcNames, DEFAULT_LIBC, installedLibc6Version, parseNm, publicFunctions } from './scripts/import-libc-names';
import { repoRoot } from './scripts/util';

const root = repoRoot(__dirname);
const dataDir = path.join(root, 'rules', 'kb', 'data');
const refDir = path.join(root, '..', 'shared', 'reference');
const readData = <T>(f: string): T => JSON.parse(fs.readFileSync(path.join(dataDir, f), 'utf8')) as T;
const info = (n: string) => {
  const i = lookup(n);
  assert.ok(i, `${n} should be known`);
  return i;
};
/** One sentence: ends with a full stop and has no sentence break inside. */
const oneSentence = (s: string) => /\.$/.test(s) && !/[.!?]["')]?\s+[A-Z]/.test(s) && !s.includes('\n');

describe('kb: async-signal-safe list', () => {
  it('matches shared/reference/async-signal-safe.txt exactly', function () {
    const ref = path.join(refDir, 'async-signal-safe.txt');
    if (!fs.existsSync(ref)) this.skip();
    const text = fs.readFileSync(ref, 'utf8');
    // An independent reading of the format: names before the marker line, comments skipped.
    const lines = text.split('\n');
    const marker = lines.findIndex((l) => l.trim() === '#### CAVEATS ####');
    assert.ok(marker > 0);
    const expected = lines.slice(0, marker).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const data = readData<AsyncSignalSafeFile>('async-signal-safe.json');
    assert.deepStrictEqual(data.entries.map((e) => e.name), expected);
    const expectedCaveats = lines.slice(marker + 1).filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('#')[0].trim());
    assert.deepStrictEqual(data.caveats.map((c) => c.name), expectedCaveats);
    for (const n of expected) assert.strictEqual(lookup(n)?.asyncSignalSafe, true, n);
  });

  it('regenerating from the reference gives the committed files', function () {
    const as = path.join(refDir, 'async-signal-safe.txt');
    const vf = path.join(refDir, 'vfork-child-allowed.txt');
    if (!fs.existsSync(as) || !fs.existsSync(vf)) this.skip();
    assert.deepStrictEqual(buildAsyncSignalSafeFile(fs.readFileSync(as, 'utf8')), readData('async-signal-safe.json'));
    const committed = readData<VforkFile>('vfork-child-allowlist.json');
    assert.deepStrictEqual(buildVforkFile(fs.readFileSync(vf, 'utf8'), committed), committed);
  });

  it('follows POSIX.1-2024: fork is not async-signal-safe, _Fork is, and fork keeps its caveat', () => {
    assert.strictEqual(info('fork').asyncSignalSafe, false);
    assert.match(info('fork').asCaveat ?? '', /POSIX\.1-2024/);
    assert.strictEqual(info('_Fork').asyncSignalSafe, true);
    assert.match(info('fork').hazard ?? '', /pthread_atfork/);
  });

  it('records caveats with their text and keeps conditional-only names off the plain list', () => {
    assert.match(info('aio_suspend').asCaveat ?? '', /pthread_mutex_lock/);
    assert.strictEqual(info('aio_suspend').asyncSignalSafe, true);
    assert.strictEqual(info('quick_exit').asyncSignalSafe, false);
    assert.ok(info('quick_exit').asCaveat);
    assert.strictEqual(info('sysconf').asyncSignalSafe, false, 'sysconf left the list in POSIX.1-2008');
  });

  it('the importer rejects a malformed reference instead of guessing', () => {
    assert.throws(() => parseAsyncSignalSafe('abort\n'), /CAVEATS/);
    assert.throws(() => parseAsyncSignalSafe('abort\nnot a name\n#### CAVEATS ####\n'), /not a function name/);
    assert.throws(() => parseAsyncSignalSafe('abort\n#### CAVEATS ####\nfork  # no source part\n'), /source/);
    const p = parseAsyncSignalSafe('# t\n# Source: x (commit 0123456789abcdef)\n# Format: y\nabort\n#### CAVEATS ####\nfork  # gone in 2024 -- man page\n');
    assert.deepStrictEqual(p.safe, ['abort']);
    assert.deepStrictEqual(p.caveats, [{ name: 'fork', caveat: 'gone in 2024', source: 'man page' }]);
  });
});

describe('kb: fork-child hazards', () => {
  it('malloc names the heap lock and says glibc and musl reset it in their fork', () => {
    const m = info('malloc');
    assert.strictEqual(m.asyncSignalSafe, false);
    assert.match(m.hazard ?? '', /heap lock/);
    const glibc = m.forkSafeIn.find((s) => s.libc === 'glibc');
    assert.ok(glibc, 'glibc forkSafeIn');
    assert.match(glibc.source, /malloc\/arena\.c:__malloc_fork_unlock_child/);
    assert.strictEqual(m.forkSafeIn.find((s) => s.libc === 'musl')?.since, '1.2.2');
  });

  it('glibc resets stdio locks in its child; musl only makes opening a new stream safe', () => {
    assert.deepStrictEqual(info('printf').forkSafeIn.map((s) => s.libc), ['glibc']);
    assert.match(info('printf').forkSafeIn[0].source, /fresetlockfiles/);
    assert.deepStrictEqual(info('fopen').forkSafeIn.map((s) => s.libc).sort(), ['glibc', 'musl']);
    assert.deepStrictEqual(info('syslog').forkSafeIn.map((s) => s.libc), ['musl']);
  });

  it('every hazard is one sentence that names its function', () => {
    let n = 0;
    for (const e of allEntries()) {
      if (!e.hazard) continue;
      n++;
      assert.ok(oneSentence(e.hazard), `${e.name}: not one sentence: ${e.hazard}`);
      assert.ok(e.hazard.includes(e.name), `${e.name}: hazard does not name it: ${e.hazard}`);
    }
    assert.ok(n > 1000, `${n} hazards`);
  });

  it('every forkSafeIn record names a libc, a version, one sentence and a source file', () => {
    for (const e of allEntries()) {
      for (const s of e.forkSafeIn) {
        assert.ok(s.libc === 'glibc' || s.libc === 'musl', e.name);
        assert.match(s.since, /^\d+\.\d+/, e.name);
        assert.ok(oneSentence(s.how + '.'), `${e.name}: ${s.how}`);
        assert.match(s.source, /\.(c|cc|h)\b/, `${e.name}: ${s.source}`);
      }
    }
  });

  it('covers the C++ standard library names the engine treats as known-unsafe', () => {
    for (const n of ['operator new', 'operator new[]', 'operator delete', 'operator delete[]', 'std::string', 'std::vector', 'std::map',
      'std::ostringstream', 'std::cout', 'std::cerr', 'std::clog', 'std::to_string', 'throw']) {
      const i = info(n);
      assert.ok(i.isLibc && i.category && i.hazard && !i.asyncSignalSafe, n);
    }
    assert.match(info('throw').hazard ?? '', /dl_iterate_phdr/);
    assert.strictEqual(lookup('std::getenv')?.name, 'getenv');
    assert.strictEqual(lookup('std::system')?.name, 'system');
  });

  it('a libc function with no entry gets the generic sentence; safe ones get none', () => {
    assert.strictEqual(info('nanosleep').hazard,
      'nanosleep() is not async-signal-safe (POSIX, signal-safety(7)): it may take a lock or use state that another thread held at fork time.');
    assert.strictEqual(info('nanosleep').isLibc, true);
    assert.strictEqual(info('write').hazard, undefined);
    assert.strictEqual(info('close_range').hazard, undefined, 'on the vfork allowlist');
  });
});

describe('kb: vfork-child allowlist and set*id', () => {
  it('allows the calls real spawn code makes', () => {
    for (const n of ['dup2', 'close', 'sigaction', 'close_range', 'closefrom', 'sigprocmask', 'chdir', 'setpgid', 'setsid', 'execve',
      'sysconf', 'getrlimit', 'syscall', 'prctl', 'ioctl', 'unshare', 'mmap', 'getpid', 'sigfillset', 'getenv', 'execvpe', 'strchrnul']) {
      assert.strictEqual(info(n).vforkAllowed, true, n);
    }
  });

  it('never allows the set*id wrappers, even the async-signal-safe ones', () => {
    for (const n of SETID_WRAPPERS) {
      const i = info(n);
      assert.strictEqual(i.vforkAllowed, false, n);
      assert.strictEqual(i.setid, true, n);
      assert.match(i.hazard ?? '', new RegExp(`${n}\\(\\)`));
    }
    assert.strictEqual(info('setuid').asyncSignalSafe, true, 'POSIX still lists setuid');
    assert.match(info('setuid').hazard ?? '', /__nptl_setxid/);
    assert.strictEqual(info('dup2').setid, false);
  });

  it('allows setrlimit with musl\'s broadcast fallback noted, and excludes CPython-only calls', () => {
    assert.strictEqual(info('setrlimit').vforkAllowed, true);
    const e = readData<VforkFile>('vfork-child-allowlist.json').entries.find((x) => x.name === 'setrlimit');
    assert.match(e?.notes ?? '', /__synccall/);
    assert.strictEqual(lookup('PyEval_SaveThread'), undefined);
  });

  it('the reference part matches vfork-child-allowed.txt, less the set*id and non-libc names', function () {
    const ref = path.join(refDir, 'vfork-child-allowed.txt');
    if (!fs.existsSync(ref)) this.skip();
    const names = fs.readFileSync(ref, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split(/\s/)[0]);
    const data = readData<VforkFile>('vfork-child-allowlist.json');
    const fromRef = data.entries.filter((e) => e.origin === 'reference').map((e) => e.name);
    const excluded = data.excluded.map((x) => x.name);
    assert.deepStrictEqual([...fromRef, ...excluded.filter((n) => names.includes(n))].sort(), [...names].sort());
    for (const x of excluded.filter((n) => names.includes(n))) assert.ok(SETID_WRAPPERS.includes(x) || x === 'PyEval_SaveThread', x);
  });

  it('every curated entry says why it is safe', () => {
    for (const e of readData<VforkFile>('vfork-child-allowlist.json').entries.filter((x) => x.origin === 'curated')) {
      assert.ok((e.notes ?? '').length > 20, `${e.name}: no justification`);
      assert.ok(!SETID_WRAPPERS.includes(e.name), e.name);
    }
  });
});

describe('kb: exec, noreturn, threads, handlers', () => {
  it('knows the exec family', () => {
    assert.deepStrictEqual(info('execvp').exec, { pathSearch: true, takesEnv: false, variadic: false });
    assert.deepStrictEqual(info('execle').exec, { pathSearch: false, takesEnv: true, variadic: true });
    assert.deepStrictEqual(info('execve').exec, { pathSearch: false, takesEnv: true, variadic: false });
    assert.strictEqual(info('execvp').asyncSignalSafe, false);
    assert.strictEqual(info('execv').asyncSignalSafe, true);
    // The per-entry POSIX flag must agree with the list itself.
    for (const e of readData<{ entries: { name: string; posixAsyncSignalSafe: boolean }[] }>('exec-family.json').entries) {
      assert.strictEqual(info(e.name).asyncSignalSafe, e.posixAsyncSignalSafe, e.name);
    }
  });

  it('knows how each noreturn call ends', () => {
    assert.deepStrictEqual(info('_exit').noreturn, { kind: 'process-exit' });
    assert.deepStrictEqual(info('exit').noreturn, { kind: 'process-exit-via-exit' });
    assert.strictEqual(info('abort').noreturn?.kind, 'abort');
    assert.strictEqual(info('siglongjmp').noreturn?.kind, 'nonlocal-jump');
    assert.strictEqual(info('pthread_exit').noreturn?.kind, 'thread-exit');
    assert.ok(info('error').noreturn?.conditional);
    assert.ok(info('__builtin_unreachable').noreturn?.conditional, 'not a guaranteed exit');
    assert.strictEqual(lookup('std::exit')?.name, 'exit');
    assert.strictEqual(lookup('std::_Exit')?.noreturn?.kind, 'process-exit');
    for (const e of readData<{ entries: { name: string; kind: string; viaExit: boolean }[] }>('noreturn.json').entries) {
      if (e.kind === 'process-exit-via-exit') assert.strictEqual(e.viaExit, true, e.name);
      if (e.kind === 'process-exit' || e.kind === 'abort' || e.kind === 'nonlocal-jump') assert.strictEqual(e.viaExit, false, e.name);
    }
  });

  it('recognises thread creation', () => {
    for (const n of ['pthread_create', 'thrd_create', 'std::thread', 'std::jthread', 'std::async', 'g_thread_new', 'boost::thread',
      'uv_thread_create', '#pragma omp parallel', '#pragma omp parallel for', 'pragma omp parallel sections', 'std::__1::thread']) {
      assert.strictEqual(isThreadCreation(n), true, n);
    }
    for (const n of ['fork', 'malloc', '#pragma omp task', 'git_config_get']) assert.strictEqual(isThreadCreation(n), false, n);
  });

  it('knows which argument installs a handler', () => {
    assert.deepStrictEqual(info('signal').installsHandler, { handlerArg: 1 });
    assert.deepStrictEqual(info('std::signal').installsHandler, { handlerArg: 1 });
    assert.deepStrictEqual(info('sigaction').installsHandler, { handlerArg: 1, viaStruct: true });
    assert.deepStrictEqual(info('pthread_atfork').installsHandler, { handlerArg: 2, atfork: true });
    assert.strictEqual(info('sigset').installsHandler?.handlerArg, 1);
  });
});

describe('kb: names', () => {
  it('maps glibc-internal spellings to the public function', () => {
    const cases: [string, string][] = [
      ['__close_nocancel', 'close'], ['__libc_sigaction', 'sigaction'], ['__sigismember', 'sigismember'], ['__execve', 'execve'],
      ['__dup2', 'dup2'], ['__fcntl64_nocancel', 'fcntl'], ['__getpid', 'getpid'], ['__open64_nocancel', 'open'],
      ['__write_nocancel', 'write'], ['open64', 'open'], ['fcntl64', 'fcntl'], ['stat64', 'stat'], ['mmap64', 'mmap'],
    ];
    for (const [from, to] of cases) assert.strictEqual(canonicalName(from), to, from);
    assert.strictEqual(lookup('__close_nocancel')?.vforkAllowed, true);
  });

  it('does not over-strip', () => {
    assert.strictEqual(canonicalName('strtof64'), 'strtof64', '_Float64 function, not an LFS twin');
    assert.strictEqual(canonicalName('getdents64'), 'getdents64');
    assert.strictEqual(canonicalName('__builtin_trap'), '__builtin_trap');
    assert.strictEqual(canonicalName('_exit'), '_exit');
    assert.strictEqual(canonicalName('__nptl_setxid'), '__nptl_setxid');
    assert.strictEqual(lookup('__nptl_setxid'), undefined);
  });

  it('handles C++ spellings', () => {
    assert.strictEqual(canonicalName('std::printf'), 'printf');
    assert.strictEqual(canonicalName('::fork'), 'fork');
    assert.strictEqual(canonicalName(' std :: thread '), 'std::thread');
    assert.strictEqual(canonicalName('::operator new [ ]'), 'operator new[]');
    assert.strictEqual(canonicalName('new'), 'operator new');
    assert.strictEqual(lookup('std::sort'), undefined, 'no entry: nothing known');
  });

  it('gives undefined for another library\'s API', () => {
    for (const n of ['git_config_get', 'xmalloc', 'start_command', 'TRACE']) assert.strictEqual(lookup(n), undefined, n);
  });

  it('hands out records the engine cannot change', () => {
    const m = info('malloc');
    assert.ok(Object.isFrozen(m) && Object.isFrozen(m.forkSafeIn) && Object.isFrozen(m.forkSafeIn[0]));
  });
});

describe('kb: data files', () => {
  const files = fs.readdirSync(dataDir).filter((f) => f.endsWith('.json'));

  it('every file has sources and every entry a source', () => {
    assert.strictEqual(files.length, 9);
    for (const f of files) {
      const d = readData<Record<string, unknown>>(f);
      assert.ok(Array.isArray(d.sources) && d.sources.length > 0, `${f}: sources`);
      for (const key of ['entries', 'caveats', 'excluded', 'syscallForms', 'syscallNotes', 'notListed']) {
        const list = d[key];
        if (list === undefined) continue;
        assert.ok(Array.isArray(list), `${f}.${key}`);
        for (const e of list as { name?: string; source?: string }[]) {
          assert.ok(typeof e.source === 'string' && e.source.trim().length > 3, `${f}.${key}: ${e.name ?? JSON.stringify(e)} has no source`);
        }
      }
    }
    assert.deepStrictEqual(kbSources.map((s) => s.file).sort(), [...files].sort());
  });

  it('unsafe.json entries have a category, a hazard, and no duplicate names', () => {
    const entries = readData<{ entries: UnsafeEntry[] }>('unsafe.json').entries;
    const names = entries.map((e) => e.name);
    assert.strictEqual(new Set(names).size, names.length);
    for (const e of entries) assert.ok(e.category && e.hazard, e.name);
    for (const n of ['malloc', 'calloc', 'realloc', 'free', 'strdup', 'printf', 'fprintf', 'syslog', 'localtime', 'setlocale', 'getpwnam',
      'getaddrinfo', 'setenv', 'getenv', 'dlopen', 'atexit', 'pthread_mutex_lock', 'rand', 'strerror', 'strerror_r', 'qsort', 'opendir',
      'popen', 'system', 'atoi', 'iconv', 'gettext', 'regcomp', 'wordexp', 'glob', 'openpty', 'daemon', 'fork', 'vfork', 'pthread_atfork']) {
      assert.ok(names.includes(n), `${n} missing from unsafe.json`);
    }
  });

  it('libc-names has the public functions and none of the internals', () => {
    const d = readData<{ names: string[]; sources: string[] }>('libc-names.json');
    for (const n of ['printf', 'malloc', 'posix_spawn', 'pthread_create', 'dlopen', 'timer_create', 'openpty', 'atexit', 'pthread_atfork', '_exit', '_Fork']) {
      assert.ok(d.names.includes(n), n);
    }
    assert.ok(d.names.length > 1500);
    for (const n of d.names) assert.ok(!n.startsWith('__') && !n.startsWith('_IO_') && /^[A-Za-z_]\w*$/.test(n), n);
    assert.deepStrictEqual(d.names, [...new Set(d.names)].sort(), 'sorted, unique');
    assert.ok(d.sources.some((s) => /libc6 \d+\.\d+/.test(s)), 'records the libc6 package version');
  });

  it('the libc-names filter keeps documented names and drops internals, data and private symbols', () => {
    const nm = [
      '0000000000060100 T printf@@GLIBC_2.2.5',
      '0000000000060200 T _IO_printf@@GLIBC_2.2.5',
      '0000000000060300 T __libc_start_main@@GLIBC_2.34',
      '0000000000060400 W _exit@@GLIBC_2.2.5',
      '0000000000060500 T sigvec@GLIBC_2.2.5',
      '0000000000060600 T __libc_alloca_cutoff@@GLIBC_PRIVATE',
      '0000000000060700 D environ@@GLIBC_2.2.5',
      '0000000000060800 i memcpy@@GLIBC_2.14',
      '0000000000000000 A GLIBC_2.34',
    ].join('\n');
    assert.deepStrictEqual(publicFunctions(parseNm(nm)), { names: ['_exit', 'memcpy', 'printf', 'sigvec'], compatOnly: ['sigvec'] });
  });

  it('libc-names regenerates identically on a machine with the same libc6', function () {
    const d = readData<{ names: string[]; sources: string[] }>('libc-names.json');
    const v = installedLibc6Version();
    if (!v || !fs.existsSync(DEFAULT_LIBC) || !d.sources.some((s) => s.includes(`libc6 ${v}`))) this.skip();
    try {
      execFileSync('nm', ['--version']);
    } catch {
      this.skip();
    }
    assert.deepStrictEqual(collectLibcNames().names, d.names);
  });

  it('every name any file mentions is exported by this glibc, or is one of the known exceptions', () => {
    const libc = new Set(readData<{ names: string[] }>('libc-names.json').names);
    const nonLibc = new Set(readData<{ entries: { name: string; library: string }[] }>('threads.json').entries.filter((e) => !e.library.startsWith('libc')).map((e) => e.name));
    // posix_trace_event: on POSIX's list, but glibc implements no tracing option. __assert_fail: glibc-internal, what assert() calls.
    const exceptions = new Set(['posix_trace_event', '__assert_fail', '__builtin_trap', '__builtin_unreachable', 'throw']);
    // Header macros that look like calls and have no symbol: <stdarg.h>'s va_*, <netinet/in.h>'s IN6_* tests, <sys/param.h>'s and <sys/time.h>'s arithmetic, <assert.h>'s assert.
    const headerMacro = /^(va_(start|arg|end|copy)|IN6_IS_ADDR_[A-Z0-9_]+|IN6_ARE_ADDR_EQUAL|roundup|howmany|powerof2|timer(isset|clear|cmp|add|sub)|assert)$/;
    for (const e of allEntries()) {
      const ok = libc.has(e.name) || exceptions.has(e.name) || nonLibc.has(e.name) || headerMacro.test(e.name) || /^(std::|operator )/.test(e.name);
      assert.ok(ok, `${e.name}: not exported by this glibc and not a known exception (a typo?)`);
    }
  });
});
