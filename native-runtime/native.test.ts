// The safespawn C library against real processes: the C test programs
// (compiled here with cc, run case by case), the kill-before-exec race through
// the lab runner, valgrind.  SAFESPAWN_SANITIZE=1 (npm run test:native:asan)
// builds everything with ASan + UBSan instead, and skips valgrind.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';
import { Backend, BACKEND_NAMES, buildC, CBuild, compileOnly, root } from './tools/cbuild';

const sanitize = process.env.SAFESPAWN_SANITIZE === '1';

const SPAWN_CASES = [
  'exit_status', 'enoent', 'eacces', 'enoexec', 'dup2_fails', 'chdir_fails', 'open_and_fchdir_fail',
  'add_error_is_sticky', 'report_defaults', 'actions_apply', 'sigdefault_set', 'setpgid', 'set_ids', 'envp_and_path',
  'many_args', 'pidfd_kill_wait', 'exit_code_and_core_encoding', 'errno_untouched',
  'error_pipe_collision', 'spawn_ex_flags', 'socketpair_action', 'backend',
];
const STRESS_CASES = ['no_leaks', 'release_then_waitpid', 'threads', 'async_queue', 'async_mask', 'async_sched', 'async_callback', 'group_signal_before_exec'];

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

function run(prog: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120000): Run {
  const r = spawnSync(prog, args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
  });
  return { status: r.status, signal: r.signal, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

/** Run one C case; its output is the assertion message when it fails. */
function runCase(prog: string, name: string, env: NodeJS.ProcessEnv = {}): string {
  const r = run(prog, [name], env);
  assert.ok(
    r.status === 0 && r.out.includes(`ok - ${name}\n`) && /cases: 1 passed, 0 failed/.test(r.out),
    `${path.basename(prog)} ${name}: exit ${r.status} ${r.signal ?? ''}\n${r.out}`,
  );
  return r.out;
}

function printIndented(out: string): void {
  for (const line of out.split('\n')) if (line.startsWith('  ')) console.log('      ' + line.trim());
}

describe(`safespawn C library${sanitize ? ' (ASan + UBSan)' : ''}`, function () {
  this.timeout(180000);
  const builds = new Map<Backend, CBuild>();
  const backends: Backend[] = ['clone', 'vfork', 'posix_spawn', 'clone-no-close-range'];

  before(function () {
    for (const b of backends) builds.set(b, buildC(b, sanitize));
  });

  if (sanitize) {
    it('the programs really carry the sanitizers', function () {
      const r = run(builds.get('clone')!.testSpawn, ['--list'], { ASAN_OPTIONS: 'help=1' });
      assert.match(r.out, /Available flags for AddressSanitizer/);
      const undef = execFileSync('nm', ['-u', builds.get('clone')!.testSpawn], { encoding: 'utf8' });
      assert.match(undef, /__ubsan_handle_/);
    });
  }

  describe('compiles with cc -std=c11 -Wall -Wextra -Werror', function () {
    for (const flags of [[], ['-O0'], ['-O3'], ['-pedantic'], ['-DSAFESPAWN_USE_VFORK'], ['-DSAFESPAWN_USE_POSIX_SPAWN'], ['-DSAFESPAWN_NO_CLOSE_RANGE']]) {
      it(`safespawn.c ${flags.join(' ') || '(defaults)'}`, function () {
        compileOnly('safespawn.c', flags);
      });
    }
    it('the header compiles as C++ too', function () {
      execFileSync('c++', ['-std=c++11', '-Wall', '-Wextra', '-Werror', '-x', 'c++', '-fsyntax-only', 'safespawn.h'], { cwd: root });
    });
  });

  for (const backend of backends) {
    describe(`ss_spawn, backend ${backend}`, function () {
      it('lists exactly the cases this suite runs', function () {
        const listed = execFileSync(builds.get(backend)!.testSpawn, ['--list'], { encoding: 'utf8' }).trim().split('\n');
        assert.deepStrictEqual(listed, SPAWN_CASES);
      });
      for (const name of SPAWN_CASES) {
        it(name, function () {
          runCase(builds.get(backend)!.testSpawn, name, { SS_EXPECT_BACKEND: BACKEND_NAMES[backend] });
        });
      }
    });
  }

  describe('stress: leaks, zombies, threads, async, signals before exec', function () {
    it('lists exactly the cases this suite runs', function () {
      const listed = execFileSync(builds.get('clone')!.testStress, ['--list'], { encoding: 'utf8' }).trim().split('\n');
      assert.deepStrictEqual(listed, STRESS_CASES);
    });
    for (const name of STRESS_CASES) {
      it(name, function () {
        printIndented(runCase(builds.get('clone')!.testStress, name));
      });
    }
    for (const backend of ['vfork', 'posix_spawn'] as Backend[]) {
      it(`every case, fewer iterations, backend ${backend}`, function () {
        const r = run(builds.get(backend)!.testStress, ['all'], { SS_ITER_SCALE: '10' });
        assert.ok(r.status === 0 && r.out.includes(`cases: ${STRESS_CASES.length} passed, 0 failed`), r.out);
      });
    }
  });

  describe('kill-before-exec race: a SIGTERM handler, spawn, kill at once (lab runner)', function () {
    interface Summary {
      event: string;
      iterations: number;
      killed: number;
      lost: number;
      other: number;
      errors: number;
      elapsed_ms: number;
    }
    function lab(strategy: string, killer: string, n: number): Summary {
      const r = run(builds.get('clone')!.lab, ['--scenario', 'kill-before-exec', '--strategy', strategy, '--killer', killer, '--iterations', String(n), '--summary-only']);
      assert.strictEqual(r.status, 0, r.out);
      const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Summary);
      const s = lines.find((l) => l.event === 'summary');
      assert.ok(s, r.out);
      assert.strictEqual(s.killed + s.lost + s.other + s.errors, n, r.out);
      assert.strictEqual(s.errors, 0, r.out);
      console.log(`      ${strategy} (${killer} kills): ${s.lost} of ${n} signals lost, ${s.killed} killed, ${s.other} other, ${s.elapsed_ms.toFixed(0)} ms`);
      return s;
    }
    for (const strategy of ['safespawn', 'safespawn-async', 'posix_spawn']) {
      it(`${strategy}: 10,000 spawns, no signal lost`, function () {
        const s = lab(strategy, 'parent', 10000);
        assert.strictEqual(s.lost, 0);
        assert.strictEqual(s.killed, 10000);
      });
    }
    for (const strategy of ['fork', 'vfork']) {
      it(`naive ${strategy}+exec: 10,000 spawns, losses printed (timing-dependent, not asserted)`, function () {
        lab(strategy, 'parent', 10000);
      });
    }
    // The spawner itself cannot kill a CLONE_VFORK child before its exec; a
    // signal to the process group from another thread can.
    for (const strategy of ['safespawn', 'safespawn-async']) {
      it(`${strategy}: 2,000 spawns under a process-group SIGTERM storm, none lost`, function () {
        const s = lab(strategy, 'group', 2000);
        assert.strictEqual(s.lost, 0);
      });
    }
    for (const strategy of ['fork', 'vfork']) {
      it(`naive ${strategy}+exec under the same storm: losses printed`, function () {
        lab(strategy, 'group', 2000);
      });
    }
  });

  describe('lab runner scenarios', function () {
    function events(args: string[]): Array<Record<string, unknown>> {
      const r = run(builds.get('clone')!.lab, args);
      assert.strictEqual(r.status, 0, r.out);
      return r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    }
    it('exec-failure: fork+exec learns only 127, safespawn learns errno and step', function () {
      const fork = events(['--scenario', 'exec-failure', '--strategy', 'fork']).filter((e) => e.event === 'outcome');
      assert.deepStrictEqual(fork.map((e) => [e.case, e.learned, e.exit_code]), [
        ['enoent', 'exit status', 127], ['eacces', 'exit status', 127], ['enoexec', 'exit status', 127], ['dup2', 'exit status', 127],
      ]);
      for (const strategy of ['safespawn', 'safespawn-async']) {
        const ss = events(['--scenario', 'exec-failure', '--strategy', strategy]).filter((e) => e.event === 'outcome');
        assert.deepStrictEqual(ss.map((e) => [e.case, e.errno, e.step, e.kind]), [
          ['enoent', 'ENOENT', -1, 'exec'], ['eacces', 'EACCES', -1, 'exec'], ['enoexec', 'ENOEXEC', -1, 'exec'], ['dup2', 'EBADF', 0, 'dup2'],
        ]);
      }
      const ps = events(['--scenario', 'exec-failure', '--strategy', 'posix_spawn']).filter((e) => e.event === 'outcome');
      assert.deepStrictEqual(ps.map((e) => [e.case, e.errno, e.step]), [
        ['enoent', 'ENOENT', undefined], ['eacces', 'EACCES', undefined], ['enoexec', 'ENOEXEC', undefined], ['dup2', 'EBADF', undefined],
      ]);
    });
    it('spawn-cost: one outcome per iteration, then the summary', function () {
      const ev = events(['--scenario', 'spawn-cost', '--strategy', 'safespawn', '--iterations', '50', '--mem-mib', '16']);
      assert.strictEqual(ev[0].event, 'start');
      assert.strictEqual(ev.filter((e) => e.event === 'outcome').length, 50);
      const s = ev[ev.length - 1] as { event: string; errors: number; latency_us: { median: number; p99: number } };
      assert.strictEqual(s.event, 'summary');
      assert.strictEqual(s.errors, 0);
      assert.ok(s.latency_us.median > 0 && s.latency_us.p99 >= s.latency_us.median);
    });
    it('malloc-after-fork: safespawn never runs the call in a child, so never hangs', function () {
      const ev = events(['--scenario', 'malloc-after-fork', '--strategy', 'safespawn', '--call', 'setenv', '--iterations', '30']);
      const s = ev[ev.length - 1];
      assert.strictEqual(s.ok, 30, JSON.stringify(s));
      const f = events(['--scenario', 'malloc-after-fork', '--strategy', 'fork', '--call', 'setenv', '--iterations', '30', '--timeout-ms', '300']);
      const fs = f[f.length - 1];
      assert.strictEqual((fs.ok as number) + (fs.hang as number), 30, JSON.stringify(fs));
      console.log(`      fork + setenv in the child, 4 threads calling setenv: ${fs.hang} of 30 children hung`);
    });
    it('usage errors are a JSON error event and exit 2', function () {
      const r = run(builds.get('clone')!.lab, ['--scenario', 'nope', '--strategy', 'fork']);
      assert.strictEqual(r.status, 2);
      assert.strictEqual(JSON.parse(r.out.trim().split('\n').pop()!).event, 'error');
    });
  });

  (sanitize ? describe.skip : describe)('valgrind (library allocations, descriptors)', function () {
    const vg = ['-q', '--child-silent-after-fork=yes', '--error-exitcode=99', '--leak-check=full', '--errors-for-leak-kinds=definite,indirect', '--track-fds=no'];
    it('test_spawn, every case', function () {
      const b = builds.get('clone')!;
      const r = run('valgrind', [...vg, b.testSpawn, 'all']);
      assert.ok(r.status === 0 && r.out.includes(`cases: ${SPAWN_CASES.length} passed, 0 failed`), r.out);
    });
    it('test_stress: leaks, release, async (fewer iterations)', function () {
      const b = builds.get('clone')!;
      for (const name of ['no_leaks', 'release_then_waitpid', 'async_queue', 'async_mask', 'async_callback']) {
        const r = run('valgrind', [...vg, b.testStress, name], { SS_ITER_SCALE: '2' });
        assert.ok(r.status === 0 && r.out.includes('cases: 1 passed, 0 failed'), `${name}:\n${r.out}`);
      }
    });
  });
});
