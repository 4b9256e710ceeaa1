// npm run bench [-- DIR]: forklint over a large real C tree (default: Debian's
// glibc-source, unpacked to a temporary folder), against a bare tree-sitter
// parse of the same files measured in the same run. Prints figures and
// ratios; asserts nothing (timings are not tests).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Program } from '../rules/index';
import { SOURCE_EXTENSIONS, languageOf, parse } from '../rules/parse';

const REPO = path.resolve(__dirname, '..', '..');

function glibcTree(): string {
  const dest = path.join(os.tmpdir(), 'forklint-bench-glibc');
  const marker = path.join(dest, '.unpacked');
  if (fs.existsSync(marker)) return fs.readdirSync(dest).map((d) => path.join(dest, d)).find((d) => fs.statSync(d).isDirectory())!;
  const tarball = fs.existsSync('/usr/src/glibc') ? fs.readdirSync('/usr/src/glibc').find((f) => /^glibc-.*\.tar\.xz$/.test(f)) : undefined;
  if (!tarball) {
    console.error('glibc-source is not installed: apt-get install glibc-source (or pass a folder: npm run bench -- DIR)');
    process.exit(2);
  }
  fs.mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['xf', path.join('/usr/src/glibc', tarball), '-C', dest]);
  fs.writeFileSync(marker, '');
  return glibcTree();
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (SOURCE_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

const tick = () => new Promise((r) => setImmediate(r));

async function bareParse(files: { path: string; text: string }[]): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    parse(f.text, languageOf(f.path) ?? 'c');
    if (i % 8 === 7) await tick();
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Runs the CLI on the tree; wall time and the peak RSS seen (polled from /proc). */
function cliRun(dir: string): Promise<{ ms: number; peakRssMb: number; findings: number; code: number | null }> {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(REPO, 'cli/bin/forklint.js'), '--format', 'json', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peak = 0;
    child.stdout.on('data', (d) => (out += d));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
      } catch { /* exited */ }
    }, 20);
    child.on('close', (code) => {
      clearInterval(poll);
      let findings = -1;
      try {
        const j = JSON.parse(out);
        findings = Array.isArray(j) ? j.length : Array.isArray(j.findings) ? j.findings.length : -1;
      } catch { /* not JSON */ }
      resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, peakRssMb: peak, findings, code });
    });
  });
}

async function main() {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : glibcTree();
  const paths = listFiles(dir);
  const files = paths.map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }));
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
  const mb = bytes / 1024 / 1024;
  console.log(`tree: ${dir}`);
  console.log(`files ${files.length}, lines ${lines}, ${mb.toFixed(1)} MB`);

  const cli = await cliRun(dir);
  console.log(`forklint end to end (CLI, default jobs): ${(cli.ms / 1000).toFixed(2)} s, ${(mb / (cli.ms / 1000)).toFixed(1)} MB/s, peak RSS ${cli.peakRssMb.toFixed(0)} MB, ${cli.findings} findings, exit ${cli.code}`);

  const bare = await bareParse(files);
  console.log(`bare tree-sitter parse of every file (one thread): ${(bare / 1000).toFixed(2)} s, ${(mb / (bare / 1000)).toFixed(1)} MB/s`);
  console.log(`ratio end-to-end lint / bare parse of all: ${(cli.ms / bare).toFixed(2)} (target < 1)`);

  // The files the pre-scan lets through: analysis against their bare parse, same thread.
  const program = new Program();
  for (const f of files) program.addFile(f);
  program.discoverWrappers();
  const parsed = files.filter((f) => program.relevant(f.path));
  const fresh = new Program();
  for (const f of files) fresh.addFile(f);
  const t0 = process.hrtime.bigint();
  await fresh.lintAsync(parsed.map((f) => f.path));
  const analysis = Number(process.hrtime.bigint() - t0) / 1e6;
  // Every file the analysis parsed: the pre-scan's, and those defining functions the children call.
  const { files: parsedPaths, variants, macros } = fresh.parseStats;
  const allParsed = files.filter((f) => parsedPaths.has(f.path));
  // The baselines after a warm-up parse of the same files (a cold first pass measured 4x slower here).
  await bareParse(allParsed);
  const allBare = Math.min(await bareParse(allParsed), await bareParse(allParsed));
  const parsedBare = Math.min(await bareParse(parsed), await bareParse(parsed));
  console.log(`files the pre-scan lets through: ${parsed.length} of ${files.length} (${files.length - parsed.length} skipped)`);
  console.log(`files the analysis parsed: ${allParsed.length} (${allParsed.length - parsed.length} more define functions the children call), plus ${variants} preprocessor variants and ${macros} macros parsed as functions`);
  console.log(`  forklint analysis (parse + everything, one thread) ${analysis.toFixed(0)} ms`);
  console.log(`  against a bare parse of the pre-scan's files (${parsedBare.toFixed(0)} ms): ratio ${(analysis / parsedBare).toFixed(2)}`);
  console.log(`  against a bare parse of every file it parsed (${allBare.toFixed(0)} ms): ratio ${(analysis / allBare).toFixed(2)} (target <= 1.5)`);
  // Where that goes: the facts read from every file's text (not only the parsed ones), timed on their own.
  const facts = new Program();
  for (const f of files) facts.addFile(f);
  const t1 = process.hrtime.bigint();
  facts.declaredNoreturn('main'); // builds the name index of every file
  facts.threads();
  facts.handlers();
  facts.execsChildren();
  facts.hasMain();
  const wholeTree = Number(process.hrtime.bigint() - t1) / 1e6;
  console.log(`  of which facts from the text of all ${files.length} files (name index, threads, handlers, execs, main), alone: ${wholeTree.toFixed(0)} ms; the rest against the same bare parse: ratio ${((analysis - wholeTree) / allBare).toFixed(2)}`);
  console.log(`memory target: peak RSS ${cli.peakRssMb.toFixed(0)} MB (target < 500 MB)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
