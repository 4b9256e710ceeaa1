// One Race Lab run: the lab runner once per strategy (spawn-cost: once per
// parent-memory size, strategies taking turns), or the snippet compiled and
// run in the harness -- each under the jail, in a temporary directory --
// streaming every event as it is printed.
import * as fs from 'fs';
import * as path from 'path';
import { labArgs, LabStrategy } from '../../../native-runtime';
import type { HelperMessage, LabEvent, RunParams, RunRequest, Strategy } from '../protocol';
import { STRATEGIES } from '../protocol';
import { JailResult, runJailed, Tools } from './jail';
import { outcomeOf } from './normalize';
import { compileSnippet } from './snippet';

export const LIMITS = {
  iterations: [1, 100000],
  memMib: [0, 4096],
  threads: [0, 64],
  timeoutMs: [10, 10000],
  killDelayUs: [0, 1000000],
} as const;
/** a run's wall-clock limit */
export const RUN_TIME_LIMIT_MS = 120000;

function clamp(v: number | undefined, [lo, hi]: readonly [number, number], dflt: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return dflt;
  return Math.min(hi, Math.max(lo, Math.round(v)));
}

export function checkedParams(p: RunParams): Required<RunParams> {
  const mem = (Array.isArray(p.memMib) && p.memMib.length ? p.memMib : [0]).slice(0, 8).map((m) => clamp(m, LIMITS.memMib, 0));
  return {
    iterations: clamp(p.iterations, LIMITS.iterations, 200),
    memMib: mem,
    threads: clamp(p.threads, LIMITS.threads, 4),
    call: p.call === 'malloc' || p.call === 'stdio' ? p.call : 'setenv',
    killer: p.killer === 'group' ? 'group' : 'parent',
    killDelayUs: clamp(p.killDelayUs, LIMITS.killDelayUs, 0),
    timeoutMs: clamp(p.timeoutMs, LIMITS.timeoutMs, 500),
    conditions: p.conditions ?? 'kill-before-exec',
  };
}

const MIB = 1 << 20;
/** address space per extra thread: its stack and the 64 MiB glibc reserves for its malloc arena */
const PER_THREAD = 80 * MIB;

export async function run(req: RunRequest, tools: Tools, send: (m: HelperMessage) => void, signal: AbortSignal): Promise<void> {
  const runId = req.id ?? 'run';
  const t0 = Date.now();
  const deadline = t0 + RUN_TIME_LIMIT_MS;
  const work = fs.mkdtempSync(path.join(tools.tmp, 'run-'));
  // The programs run as tools.runUid and write here (the compiler, as this process, too).
  if (tools.runUid !== undefined) fs.chownSync(work, tools.runUid, tools.runUid);
  const env = { ...process.env, FORKLINT_RACELAB_RUN: `${process.pid}-${runId}` };
  let killed = 0;
  let timedOut = false;
  let output: string | undefined;
  let ended = false; // a message that ends the run (compile-error, error) went out
  let limitSaid = false;
  let spawnedBy: JailResult['spawnedBy'] | undefined;
  const jailed = async (argv: string[], o: { asBytes: number; onEvent: (e: LabEvent) => void }): Promise<JailResult> => {
    const r = await runJailed(tools.jail, argv, {
      cwd: work,
      env,
      timeoutMs: Math.max(1, deadline - Date.now()),
      asBytes: o.asBytes,
      signal,
      uid: tools.runUid,
      onLine: (line) => {
        let e: LabEvent;
        try {
          e = JSON.parse(line) as LabEvent;
        } catch {
          return; // a line cut short by a kill
        }
        if (e && typeof e.event === 'string') o.onEvent(e);
      },
    });
    killed += r.killed;
    spawnedBy = r.spawnedBy;
    if (r.reason === 'timeout') timedOut = true;
    // a program that failed is news inside the run, which goes on (a message of type 'error' would end it)
    const failed = (message: string) => o.onEvent({ event: 'error', message });
    if (r.nprocReached && !limitSaid) {
      limitSaid = true;
      failed(`${path.basename(argv[0])} reached the Race Lab's process limit (${r.nproc} processes and threads): its forks failed with EAGAIN${r.reason === 'nproc' ? ', so the jail stopped it' : ''}, and ${r.killed} processes were killed`);
    }
    if (r.reason === 'exited' && r.exitCode !== 0 && r.exitCode !== undefined)
      failed(`${path.basename(argv[0])} exited ${r.exitCode}${r.stderr ? `: ${r.stderr.trim().slice(0, 2000)}` : ''}`);
    if (r.reason === 'exited' && r.signal) failed(`${path.basename(argv[0])} died of signal ${r.signal}`);
    return r;
  };
  try {
    const p = checkedParams(req.params ?? {});
    const strategies = (req.strategies ?? []).filter((s): s is Strategy => STRATEGIES.includes(s));
    if (req.scenario === 'snippet') {
      if (!req.snippet) throw new Error('a snippet run needs its source');
      const c = await compileSnippet(req.snippet, work, tools, signal);
      if (signal.aborted) return;
      if (c.error && !c.diagnostics.length && !c.output) throw new Error(c.error);
      if (!c.ok) {
        send({ type: 'compile-error', run: runId, diagnostics: c.diagnostics, output: c.output || c.error || '' });
        ended = true;
        return;
      }
      send({ type: 'compiled', run: runId, function: c.fn!.callName, line: c.fn!.line, diagnostics: c.diagnostics });
      const file = req.snippet.file;
      const mem = p.memMib[0];
      const args = [
        c.exe!,
        '--conditions', p.conditions,
        '--target-dir', tools.targetDir,
        '--iterations', String(p.iterations),
        '--timeout-ms', String(p.timeoutMs),
        '--kill-delay-us', String(p.killDelayUs),
        '--killer', p.killer,
        '--mem-mib', String(mem),
        '--threads', String(p.threads),
        '--call', p.call,
        '--function', c.fn!.callName,
        '--site-line', String(req.snippet.line),
      ];
      await jailed(args, {
        asBytes: (mem + 1024) * MIB + p.threads * PER_THREAD,
        onEvent: (e) =>
          send({
            type: 'event',
            run: runId,
            strategy: 'snippet',
            memMib: p.conditions === 'spawn-cost' ? mem : undefined,
            outcome: outcomeOf('snippet', e),
            file,
            line: typeof e.spawn_line === 'number' && e.spawn_line > 0 ? e.spawn_line : req.snippet!.line,
            event: e,
          }),
      });
      try {
        output = fs.readFileSync(path.join(work, 'program-output.txt'), 'utf8').slice(-4000) || undefined;
      } catch {
        output = undefined;
      }
      return;
    }
    if (!strategies.length) throw new Error('choose at least one strategy');
    if (req.scenario === 'spawn-cost') {
      for (const mem of p.memMib) {
        if (signal.aborted || Date.now() >= deadline) break;
        const argv = labArgs({ scenario: 'spawn-cost', strategy: strategies as LabStrategy[], iterations: p.iterations, memMib: mem });
        await jailed([tools.lab, ...argv.slice(1)], {
          asBytes: (mem + 1024) * MIB,
          onEvent: (e) =>
            send({
              type: 'event',
              run: runId,
              strategy: typeof e.strategy === 'string' && !e.strategy.includes(',') ? e.strategy : strategies.join(','),
              memMib: mem,
              outcome: outcomeOf('spawn-cost', e),
              event: e,
            }),
        });
      }
      return;
    }
    if (req.scenario !== 'kill-before-exec' && req.scenario !== 'malloc-after-fork' && req.scenario !== 'exec-failure')
      throw new Error(`unknown scenario ${String(req.scenario)}`);
    for (const s of strategies) {
      if (signal.aborted || Date.now() >= deadline) break;
      const argv = labArgs({
        scenario: req.scenario,
        strategy: s,
        iterations: req.scenario === 'exec-failure' ? Math.min(p.iterations, 100) : p.iterations,
        killer: req.scenario === 'kill-before-exec' ? p.killer : undefined,
        killDelayUs: req.scenario === 'kill-before-exec' ? p.killDelayUs : undefined,
        threads: req.scenario === 'malloc-after-fork' ? p.threads : undefined,
        call: req.scenario === 'malloc-after-fork' ? p.call : undefined,
        timeoutMs: p.timeoutMs,
      });
      const scenario = req.scenario;
      await jailed([tools.lab, ...argv.slice(1)], {
        asBytes: 1024 * MIB + p.threads * PER_THREAD,
        onEvent: (e) => send({ type: 'event', run: runId, strategy: s, outcome: outcomeOf(scenario, e), event: e }),
      });
    }
  } catch (e) {
    if (!signal.aborted) {
      send({ type: 'error', run: runId, message: (e as Error).message });
      ended = true;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    if (Date.now() >= deadline) timedOut = true;
    if (!ended) send({ type: 'done', run: runId, cancelled: signal.aborted, elapsedMs: Date.now() - t0, killed, timedOut, output, spawnedBy });
  }
}
