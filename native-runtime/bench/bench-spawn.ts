// npm run bench:spawn -- spawn+wait latency of `tiny` (static) per strategy
// while the parent has touched 0 / 256 MiB / 1 GiB / 4 GiB, and how long the
// calling thread is blocked.  Runs the lab's spawn-cost scenario (one lab
// process at a time: the 4 GiB one is real, dirty memory).  Not a test: it
// prints the table and whether each target was met.
//   node out/native-runtime/bench/bench-spawn.js [--quick] [--mem 0,256,1024,4096]
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { labPath } from '../index';

const STRATEGIES = ['fork', 'vfork', 'posix_spawn', 'safespawn', 'safespawn-async'] as const;
type Strategy = (typeof STRATEGIES)[number];
const LABEL: Record<Strategy, string> = {
  fork: 'fork+exec',
  vfork: 'vfork+exec',
  posix_spawn: 'posix_spawn',
  safespawn: 'ss_spawn',
  'safespawn-async': 'ss_spawn_async',
};

interface Summary {
  iterations: number;
  latency_us: { median: number; p99: number; min: number };
  blocked_us: { median: number; p99: number };
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const memArg = args.indexOf('--mem');
const MEM: number[] = memArg >= 0 ? args[memArg + 1].split(',').map(Number) : [0, 256, 1024, 4096];
const scale = quick ? 0.2 : 1;

interface Samples {
  latency: number[];
  blocked: number[];
}

/**
 * One lab process per call, its memory touched once.  Several strategies in
 * one call take turns spawn by spawn, so load on this shared machine falls on
 * all of them alike.  Adds every spawn's numbers to `into`.
 */
function runLab(strategies: Strategy[], mib: number, n: number, into: Map<string, Samples>): void {
  const out = execFileSync(
    labPath,
    ['--scenario', 'spawn-cost', '--strategy', strategies.join(','), '--mem-mib', String(mib), '--iterations', String(Math.max(20, Math.round(n * scale)))],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  for (const line of out.trim().split('\n')) {
    const e = JSON.parse(line) as { event: string; strategy: Strategy; errors: number; latency_us: number; blocked_us: number };
    if (e.event === 'summary' && e.errors) throw new Error(`${e.strategy} at ${mib} MiB: ${e.errors} failed spawns`);
    if (e.event !== 'outcome') continue;
    const k = `${e.strategy}@${mib}`;
    if (!into.has(k)) into.set(k, { latency: [], blocked: [] });
    into.get(k)!.latency.push(e.latency_us);
    into.get(k)!.blocked.push(e.blocked_us);
  }
}

/** nearest-rank percentile */
function pct(v: number[], p: number): number {
  const sorted = [...v].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function main(): void {
  if (!fs.existsSync(labPath)) throw new Error(`${labPath} missing: run npm run build:native`);
  const samples = new Map<string, Samples>();
  const key = (s: Strategy, m: number) => `${s}@${m}`;
  // Load on this machine drifts over seconds: each size is measured twice,
  // in the order 0 .. 4 GiB .. 0, and the two runs pooled, so a drift lands
  // on every size alike.
  const order = [...MEM, ...[...MEM].reverse()];
  for (const m of order) {
    // fork copies page tables: at 4 GiB each spawn takes tens of milliseconds
    runLab(['fork'], m, (m >= 1024 ? 60 : m > 0 ? 200 : 1000) / 2, samples);
    runLab(['vfork', 'posix_spawn', 'safespawn', 'safespawn-async'], m, 1000, samples);
  }
  const results = new Map<string, Summary>();
  for (const [k, x] of samples)
    results.set(k, {
      iterations: x.latency.length,
      latency_us: { median: pct(x.latency, 50), p99: pct(x.latency, 99), min: Math.min(...x.latency) },
      blocked_us: { median: pct(x.blocked, 50), p99: pct(x.blocked, 99) },
    });

  const fmt = (us: number) => (us >= 10000 ? `${(us / 1000).toFixed(1)} ms` : `${us.toFixed(0)} µs`);
  const memLabel = (m: number) => (m === 0 ? '0' : m >= 1024 ? `${m / 1024} GiB` : `${m} MiB`);
  console.log('| parent memory | strategy | n | spawn+wait median | p99 | min | caller blocked median | p99 |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const m of MEM)
    for (const s of STRATEGIES) {
      const r = results.get(key(s, m))!;
      console.log(
        `| ${memLabel(m)} | ${LABEL[s]} | ${r.iterations} | ${fmt(r.latency_us.median)} | ${fmt(r.latency_us.p99)} | ${fmt(r.latency_us.min)} | ${fmt(r.blocked_us.median)} | ${fmt(r.blocked_us.p99)} |`,
      );
    }

  const med = (s: Strategy, m: number) => results.get(key(s, m))?.latency_us.median;
  const verdicts: Array<[string, boolean | undefined, string]> = [];
  const ss0 = med('safespawn', 0);
  const ss4 = med('safespawn', 4096);
  if (ss0 && ss4) {
    verdicts.push(['ss_spawn at 4 GiB within 1.2x of 0 (median)', ss4 <= 1.2 * ss0, `${(ss4 / ss0).toFixed(2)}x`]);
    // The minimum is what the spawn itself costs, with the least of the
    // machine's other load in it; vfork+exec is the floor any CLONE_VM spawn shares.
    const min = (s: Strategy, m: number) => results.get(key(s, m))!.latency_us.min;
    verdicts.push(['ss_spawn at 4 GiB within 1.2x of 0 (min)', min('safespawn', 4096) <= 1.2 * min('safespawn', 0), `${(min('safespawn', 4096) / min('safespawn', 0)).toFixed(2)}x`]);
    const v0 = med('vfork', 0)!, v4 = med('vfork', 4096)!;
    console.log(`(in the same runs, vfork+exec went ${(v4 / v0).toFixed(2)}x from 0 to 4 GiB)`);
  }
  for (const m of MEM) {
    const a = med('safespawn', m)!;
    const p = med('posix_spawn', m)!;
    verdicts.push([`ss_spawn no more than 10% slower than posix_spawn at ${memLabel(m)}`, a <= 1.1 * p, `${(a / p).toFixed(2)}x`]);
  }
  const f1 = med('fork', 1024);
  const s1 = med('safespawn', 1024);
  if (f1 && s1) verdicts.push(['ss_spawn at 1 GiB at least 10x faster than fork+exec', f1 >= 10 * s1, `${(f1 / s1).toFixed(0)}x`]);
  for (const m of MEM) {
    const b = results.get(key('safespawn-async', m))!.blocked_us.median;
    verdicts.push([`ss_spawn_async blocks the caller < 50 µs (median) at ${memLabel(m)}`, b < 50, fmt(b)]);
  }
  console.log('');
  for (const [what, ok, value] of verdicts) console.log(`${ok ? 'met   ' : 'MISSED'}  ${what}: ${value}`);
}

main();
