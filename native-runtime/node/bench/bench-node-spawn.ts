// npm run bench:node-spawn -- child_process.spawn, child_process.spawnSync
// and native-runtime/node's spawn (and spawnSync) of `exit0` (no C library:
// the spawn alone) and `tiny` (static glibc, exits at once: its start-up
// costs ~250 µs in this VM, cpuid traps) from a Node process whose heap holds 0, 256 MiB, 1 GiB, 4 GiB of
// touched memory (Buffers, filled page by page: fork copies their page tables
// as it does the V8 heap's).  Each API runs in a process of its own (after a
// fork the parent takes a write fault on every page it touches, which would
// land on whatever runs next), one such process at a time.  The APIs take
// turns: each heap size runs in rounds (--rounds, default 3), every API once
// per round in a rotated order, and the figures are over all rounds' spawns
// (load on this shared machine changes over minutes; measured one API after
// the other, it fell on one side of a ratio only).  Per API:
// spawn->'exit' latency of each program (spawn by spawn in turn, so load on
// this shared machine falls on both alike); the synchronous part of the call (the event loop is
// blocked for it); a burst of 100 spawns issued in one tick: the event loop
// delay's max during it (monitorEventLoopDelay) and the main thread's CPU
// time per spawn (everything it did for them: calls, completions, exits).
// Not a test: prints the table and whether the targets were met.
//   node out/native-runtime/node/bench/bench-node-spawn.js [--mem 0,256,1024,4096] [--rounds 3] [--quick]
import * as cp from 'child_process';
import * as fs from 'fs';
import { monitorEventLoopDelay, performance } from 'perf_hooks';
import { exit0Path, tinyPath } from '../../index';
import * as ss from '../index';

type Api = 'child_process.spawn' | 'child_process.spawnSync' | 'safespawn spawn' | 'safespawn spawnSync';
const APIS: Api[] = ['child_process.spawn', 'child_process.spawnSync', 'safespawn spawn', 'safespawn spawnSync'];

interface Stats {
  median: number;
  p99: number;
}
const PROGRAMS = { exit0: exit0Path, tiny: tinyPath };
type Program = keyof typeof PROGRAMS;

interface Burst {
  n: number;
  eld_max_ms: number;
  cpu_per_spawn_us: number;
  ms: number;
}

/** One child process's raw samples (one API, one round). */
interface Samples {
  api: Api;
  mib: number;
  rss_mib: number;
  latency_us: Record<Program, number[]>;
  sync_us: number[];
  burst: Burst;
}

/** One API at one heap size, over every round. */
interface Result {
  api: Api;
  mib: number;
  rss_mib: number;
  n: number;
  latency_us: Record<Program, Stats>;
  sync_us: Stats;
  /** The worst round's event-loop delay; CPU per spawn averaged over rounds. */
  burst: Burst;
  /** Each round's exit0 median, in the order run. */
  rounds_exit0_us: number[];
}

function stats(v: number[]): Stats {
  const s = [...v].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { median: at(0.5), p99: at(0.99) };
}

/** CPU time of the calling thread, µs (schedstat: ns on the CPU). */
function threadCpuUs(): number {
  return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1000;
}

function isSync(api: Api): boolean {
  return api.endsWith('spawnSync');
}

function startOne(api: Api, prog: Program): { exit: Promise<unknown> } {
  const file = PROGRAMS[prog];
  if (isSync(api)) {
    const r = api === 'child_process.spawnSync' ? cp.spawnSync(file) : ss.spawnSync(file);
    if (r.status !== 0) throw new Error(`${api}: status ${r.status} ${r.error}`);
    return { exit: Promise.resolve() };
  }
  const c = api === 'child_process.spawn' ? cp.spawn(file) : ss.spawn(file);
  return {
    exit: new Promise((resolve, reject) => {
      c.on('error', reject);
      c.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`${api}: exit ${code}`))));
    }),
  };
}

/** One spawn to its 'exit': [latency, synchronous part] in µs. */
async function once(api: Api, prog: Program): Promise<[number, number]> {
  const t0 = performance.now();
  const { exit } = startOne(api, prog);
  const sync = (performance.now() - t0) * 1000;
  await exit;
  return [(performance.now() - t0) * 1000, sync];
}

/** n spawns issued in one tick; done when every one has exited. */
async function burst(api: Api, n: number): Promise<Burst> {
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  await new Promise((r) => setTimeout(r, 10)); // a first sample
  const cpu0 = threadCpuUs();
  const t0 = performance.now();
  const exits: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) exits.push(startOne(api, 'exit0').exit);
  await Promise.all(exits);
  const cpu = threadCpuUs() - cpu0;
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 5)); // a sample after the last exit
  eld.disable();
  return { n, eld_max_ms: eld.max / 1e6, cpu_per_spawn_us: cpu / n, ms };
}

/** In a child process: touch `mib`, then measure one API `n` spawns of each program. */
async function child(api: Api, mib: number, n: number): Promise<void> {
  const hold: Buffer[] = [];
  for (let left = mib; left > 0; left -= 256) hold.push(Buffer.allocUnsafeSlow(Math.min(256, left) << 20).fill(1));
  const theirs = api.startsWith('child_process');
  // warm up: V8 compiles the JS paths (child_process's too) after some calls
  for (let i = 0; i < (theirs && mib >= 1024 ? 5 : 50); i++) await once(api, i % 2 ? 'tiny' : 'exit0');
  const lat: Record<Program, number[]> = { exit0: [], tiny: [] };
  const sync: number[] = [];
  for (let i = 0; i < 2 * n; i++) {
    const prog: Program = i % 2 ? 'tiny' : 'exit0';
    const [l, s] = await once(api, prog);
    lat[prog].push(l);
    sync.push(s);
  }
  const b = await burst(api, 100);
  const r: Samples = { api, mib, rss_mib: Math.round(process.memoryUsage().rss / 2 ** 20), latency_us: lat, sync_us: sync, burst: b };
  process.stdout.write(JSON.stringify(r) + '\n');
  hold.length = 0;
}

/** Spawns of each program per API in a whole run (child_process at >= 1 GiB takes ~0.1 s each). */
function spawnsPerRun(api: Api, mib: number, quick: boolean): number {
  const n = api.startsWith('child_process') ? (mib >= 1024 ? 30 : 200) : 600;
  return quick ? Math.max(10, Math.round(n / 4)) : n;
}

function merge(rounds: Samples[]): Result {
  const all = (f: (s: Samples) => number[]) => rounds.flatMap(f);
  return {
    api: rounds[0].api,
    mib: rounds[0].mib,
    rss_mib: Math.max(...rounds.map((r) => r.rss_mib)),
    n: all((r) => r.latency_us.exit0).length,
    latency_us: { exit0: stats(all((r) => r.latency_us.exit0)), tiny: stats(all((r) => r.latency_us.tiny)) },
    sync_us: stats(all((r) => r.sync_us)),
    burst: {
      n: rounds[0].burst.n,
      eld_max_ms: Math.max(...rounds.map((r) => r.burst.eld_max_ms)),
      cpu_per_spawn_us: rounds.reduce((t, r) => t + r.burst.cpu_per_spawn_us, 0) / rounds.length,
      ms: Math.max(...rounds.map((r) => r.burst.ms)),
    },
    rounds_exit0_us: rounds.map((r) => stats(r.latency_us.exit0).median),
  };
}

function fmt(us: number): string {
  return us >= 10000 ? `${(us / 1000).toFixed(1)} ms` : us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(0)} µs`;
}

function memLabel(m: number): string {
  return m === 0 ? '0' : m >= 1024 ? `${m / 1024} GiB` : `${m} MiB`;
}

function main(): void {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const ci = args.indexOf('--child');
  if (ci >= 0) {
    child(args[ci + 1] as Api, Number(args[ci + 2]), Number(args[ci + 3])).catch((e) => {
      console.error(e);
      process.exit(1);
    });
    return;
  }
  if (!ss.isAvailable()) throw new Error(`safespawn binding: ${ss.unavailableReason()}`);
  const mi = args.indexOf('--mem');
  const mem = mi >= 0 ? args[mi + 1].split(',').map(Number) : [0, 256, 1024, 4096];
  const ri = args.indexOf('--rounds');
  const rounds = ri >= 0 ? Math.max(1, Number(args[ri + 1])) : 3;
  const all: Result[] = [];
  for (const m of mem) {
    const got = new Map<Api, Samples[]>(APIS.map((a) => [a, []]));
    for (let round = 0; round < rounds; round++) {
      // rotated, so no API always runs first (or right after the 4 GiB forks)
      for (let k = 0; k < APIS.length; k++) {
        const api = APIS[(k + round) % APIS.length];
        const n = Math.max(5, Math.ceil(spawnsPerRun(api, m, quick) / rounds));
        process.stderr.write(`heap ${memLabel(m)}, round ${round + 1}/${rounds}: ${api}...\n`);
        const r = cp.spawnSync(process.execPath, [__filename, '--child', api, String(m), String(n)], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        if (r.status !== 0) throw new Error(`${api} at ${m} MiB: status ${r.status} ${r.signal ?? ''}`);
        got.get(api)!.push(JSON.parse(r.stdout));
      }
    }
    for (const api of APIS) all.push(merge(got.get(api)!));
  }
  console.log(`Node ${process.version} (libuv ${process.versions.uv}); stdio: pipe (the default)`);
  console.log('programs: exit0 (no C library start-up: the spawn alone), tiny (static glibc; n spawns of each, in turn; the burst runs exit0)');
  console.log('');
  console.log('| heap (touched) | API | n | exit0 spawn→exit median | p99 | tiny spawn→exit median | p99 | sync part of the call median | p99 | burst of 100: event-loop delay max | main-thread CPU per spawn |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of all) {
    const l = r.latency_us;
    console.log(
      `| ${memLabel(r.mib)} (rss ${r.rss_mib} MiB) | ${r.api} | ${r.n} | ${fmt(l.exit0.median)} | ${fmt(l.exit0.p99)} | ${fmt(l.tiny.median)} | ${fmt(l.tiny.p99)} | ${fmt(r.sync_us.median)} | ${fmt(r.sync_us.p99)} | ${r.burst.eld_max_ms.toFixed(1)} ms | ${fmt(r.burst.cpu_per_spawn_us)} |`,
    );
  }
  const get = (mib: number, api: Api) => all.find((x) => x.mib === mib && x.api === api)!;
  const verdicts: Array<[string, boolean, string]> = [];
  const times = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)}x faster`;
  for (const m of mem) {
    const ratio = (p: Program) => get(m, 'child_process.spawn').latency_us[p].median / get(m, 'safespawn spawn').latency_us[p].median;
    const x = ratio('exit0');
    const per = get(m, 'child_process.spawn').rounds_exit0_us.map((c, i) => times(c / get(m, 'safespawn spawn').rounds_exit0_us[i]));
    verdicts.push([
      `at ${memLabel(m)}: safespawn spawn vs child_process.spawn, median spawn→exit of exit0${m === 4096 ? ' (target: 300x)' : ''}`,
      m !== 4096 || x >= 300,
      `${times(x)} (rounds: ${per.join(', ')}; of tiny, whose start-up both pay: ${times(ratio('tiny'))})`,
    ]);
  }
  for (const m of mem) {
    const s = get(m, 'safespawn spawn').sync_us;
    verdicts.push([`at ${memLabel(m)}: safespawn spawn blocks the event loop < 50 µs per spawn (sync part: median, p99 ${fmt(s.p99)})`, s.median < 50, fmt(s.median)]);
  }
  console.log('');
  for (const [what, ok, v] of verdicts) console.log(`${ok ? 'met   ' : 'MISSED'}  ${what}: ${v}`);
}

main();
