// forklint's command line: reads files, loads config, runs the engine, applies
// fixes, formats, and picks the exit status. All analysis is in rules/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, HELP, type LintOptions } from './args';
import { resolveConfig, type CliConfig } from './config';
import { discover, displayPath, ignorePatternMatcher } from './discover';
import { checkBytes, encode, readSource, type DecodedText } from './sources';
import { lintProgram } from './lint-run';
import { selectFixes } from './fix';
import { rewriteNotes, vendorCommand } from './vendor';
import { unifiedDiff } from './diff';
import { progressBar } from './progress';
import { formatRulesTable, formatExplain } from './rules-cmd';
import { formatStylish } from './format/stylish';
import { formatJson } from './format/json';
import { formatSarif, type SarifNotification } from './format/sarif';
import { countFindings, type FileResult } from './format/report';
import { useColor } from './format/color';
import { CliError, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS } from './errors';
import { applyEdits, languageOf, ruleDocs, ruleDocsUrl, type EngineConfig, type Finding, type SourceFile } from './engine';

/** --fix re-lints and fixes again at most this many times (fixes that overlapped wait a pass). */
const MAX_FIX_PASSES = 10;

export interface Io {
  cwd: string;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  readStdin(): Promise<Buffer>;
}

/** A file being linted: its text (changed in memory by fixes) and how to write it back. */
interface Source extends DecodedText {
  path: string;
  abs?: string;
  languageId?: string;
  original: string;
}

function readPackageJson(): { version: string; homepage?: string; repository?: string | { url?: string } } {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
}

/** Where SARIF consumers learn about the tool: package.json's homepage/repository, else the docs' repository. */
function informationUri(): string {
  const pkg = readPackageJson();
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const candidate = pkg.homepage ?? repo?.replace(/^git\+/, '').replace(/\.git$/, '');
  if (candidate && /^https?:\/\//.test(candidate)) return candidate;
  const docs = ruleDocsUrl(ruleDocs[0]?.id ?? 'x');
  const m = /^(https?:\/\/.*?)\/(?:blob|tree)\//.exec(docs) ?? /^(https?:\/\/.*?)\/rules\/docs\//.exec(docs);
  return m ? m[1] : docs;
}

function stdinSourceName(opts: LintOptions, io: Io): { display: string; abs?: string; languageId: string } {
  if (opts.stdinFilename === undefined) return { display: '<stdin>', languageId: 'c' };
  const abs = path.resolve(io.cwd, opts.stdinFilename);
  const languageId = languageOf(opts.stdinFilename);
  if (!languageId) throw new CliError(`--stdin-filename ${opts.stdinFilename}: not a C or C++ file name (.c .h .cc .cpp .cxx .hh .hpp .hxx)`);
  return { display: displayPath(abs, io.cwd), abs, languageId };
}

function engineConfig(config: CliConfig, opts: LintOptions): EngineConfig {
  const known = ruleDocs.map((d) => d.id);
  const rules: Record<string, string> = { ...config.rules };
  for (const r of opts.rules) {
    if (!known.includes(r.id)) throw new CliError(`--rule: unknown rule id '${r.id}' (forklint rules lists them)`);
    rules[r.id] = r.setting;
  }
  return {
    rules: rules as EngineConfig['rules'],
    ...(config.assumeThreaded !== undefined ? { assumeThreaded: config.assumeThreaded } : {}),
    ...(config.maxCallDepth !== undefined ? { maxCallDepth: config.maxCallDepth } : {}),
  };
}

async function lintCommand(opts: LintOptions, io: Io): Promise<number> {
  const note = (msg: string) => io.stderr.write(`forklint: note: ${msg}\n`);
  const error = (msg: string) => io.stderr.write(`forklint: ${msg}\n`);
  const config = resolveConfig(opts, io.cwd, ruleDocs.map((d) => d.id));
  const engine = engineConfig(config, opts);
  const sources: Source[] = [];
  const files: FileResult[] = [];
  const notifications: SarifNotification[] = [];
  let ioFailed = false;
  /** With --stdin --fix, standard input comes back on stdout, fixed or not. */
  let stdinEcho: Buffer | undefined;

  const skip = (p: string, reason: string, status: 'skipped' | 'unreadable', explicit: boolean) => {
    files.push({ path: p, status, reason });
    if (status === 'unreadable' && explicit) {
      ioFailed = true;
      error(`cannot read ${p}: ${reason}`);
      notifications.push({ level: 'error', message: `Cannot read ${p}: ${reason}`, file: p });
    } else {
      note(`${p}: skipped: ${reason}`);
      notifications.push({ level: 'note', message: `Skipped ${p}: ${reason}`, file: p });
    }
  };
  const accept = (p: string, abs: string | undefined, languageId: string | undefined, d: DecodedText) => {
    if (d.lossy) note(`${p}: invalid UTF-8 replaced by U+FFFD; linted${opts.fix || opts.fixDryRun ? ', not fixed' : ''}`);
    sources.push({ path: p, ...(abs !== undefined ? { abs } : {}), ...(languageId ? { languageId } : {}), ...d, original: d.text });
    files.push({ path: p, status: 'linted' });
  };

  if (opts.stdin) {
    const name = stdinSourceName(opts, io);
    const bytes = await io.readStdin();
    if (opts.fix) stdinEcho = bytes;
    const ignored = name.abs !== undefined && ignorePatternMatcher(config.ignorePatterns, config.baseDir)(name.abs, false);
    const r = checkBytes(bytes, config.maxFileSize);
    if (ignored) skip(name.display, "matches the config's ignorePatterns", 'skipped', false);
    else if (r.kind === 'ok') accept(name.display, undefined, name.languageId, r);
    else skip(name.display, r.reason, 'skipped', false);
  } else {
    const found = discover(opts.paths, { cwd: io.cwd, isSource: (f) => languageOf(f) !== undefined, ignorePatterns: config.ignorePatterns, baseDir: config.baseDir });
    if (found.missing.length > 0) {
      throw new CliError(found.missing.map((p) => `no such file or folder: ${p}`).join('\nforklint: '));
    }
    for (const n of found.notes) note(n);
    for (const e of found.errors) {
      error(e);
      notifications.push({ level: 'error', message: e });
      ioFailed = true;
    }
    for (const f of found.files) {
      const r = readSource(f.abs, config.maxFileSize);
      if (r.kind === 'ok') accept(f.display, f.abs, undefined, r);
      else skip(f.display, r.reason, r.kind, f.explicit);
    }
    if (found.files.length === 0 && found.errors.length === 0) note(`no C or C++ files found in ${opts.paths.join(', ')}`);
  }

  const progress = progressBar(io.stderr, !opts.stdin);
  const lintAll = async (): Promise<Finding[]> => {
    const input: SourceFile[] = sources.map((s) => ({ path: s.path, text: s.text, ...(s.languageId ? { languageId: s.languageId } : {}) }));
    try {
      return await lintProgram(input, {
        config: engine,
        ...(opts.jobs !== undefined ? { jobs: opts.jobs } : {}),
        onProgress: (d, t) => progress.update(d, t),
        onStart: (n, workers) => {
          if (io.env.FORKLINT_DEBUG) io.stderr.write(`forklint: debug: ${n} files, ${workers === 1 ? 'in-process' : `${workers} worker threads`}\n`);
        },
      });
    } finally {
      progress.clear();
    }
  };

  let findings = await lintAll();
  let fixed = 0;
  if (opts.fix || opts.fixDryRun) {
    const byPath = new Map(sources.map((s) => [s.path, s]));
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const { edits, applied } = selectFixes(findings, opts.fixKind, (file) => byPath.has(file) && !byPath.get(file)!.lossy);
      if (edits.size === 0) break;
      for (const [file, list] of edits) {
        const s = byPath.get(file)!;
        s.text = applyEdits(s.text, list);
      }
      fixed += applied;
      findings = await lintAll();
    }
  }

  // Where the report goes: stdout, unless stdout carries fixed text or a diff.
  let out: NodeJS.WriteStream = io.stdout;
  if (opts.fixDryRun || (opts.fix && opts.stdin)) out = io.stderr;
  if (opts.fixDryRun) {
    for (const s of sources) {
      const name = path.isAbsolute(s.path) ? [s.path, s.path] : [`a/${s.path}`, `b/${s.path}`];
      io.stdout.write(unifiedDiff(s.original, s.text, name[0], name[1]));
    }
  } else if (opts.fix && opts.stdin) {
    const s = sources[0];
    io.stdout.write(s ? encode(s) : stdinEcho ?? Buffer.alloc(0));
  } else if (opts.fix) {
    for (const s of sources) {
      if (s.text === s.original || s.abs === undefined) continue;
      try {
        fs.writeFileSync(s.abs, encode(s));
      } catch (err) {
        error(`cannot write ${s.path}: ${(err as Error).message}`);
        ioFailed = true;
      }
    }
  }
  if (fixed > 0) note(`${opts.fixDryRun ? 'would fix' : 'fixed'} ${fixed} problem${fixed === 1 ? '' : 's'}`);
  if (opts.fix && !opts.stdin) for (const n of rewriteNotes(sources, io.cwd)) note(n);

  const shown = opts.quiet ? findings.filter((f) => f.severity === 'error') : findings;
  const report = { findings: shown, files, cwd: io.cwd };
  const version = readPackageJson().version;
  let text: string;
  if (opts.format === 'json') text = formatJson(report, version);
  else if (opts.format === 'sarif') {
    text = formatSarif(report, { version, informationUri: informationUri(), ruleDocs, docsUrl: ruleDocsUrl }, notifications, !ioFailed);
  } else {
    const tty = opts.outputFile === undefined && out.isTTY === true;
    text = formatStylish(report, useColor(opts.color, tty, io.env));
  }
  if (opts.outputFile !== undefined) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, opts.outputFile), text);
    } catch (err) {
      throw new CliError(`cannot write ${opts.outputFile}: ${(err as Error).message}`);
    }
  } else {
    out.write(text);
  }

  const counts = countFindings(shown);
  let status = EXIT_CLEAN;
  if (counts.errors > 0) status = EXIT_FINDINGS;
  else if (opts.maxWarnings === undefined ? counts.warnings > 0 : counts.warnings > opts.maxWarnings) status = EXIT_FINDINGS;
  if (opts.maxWarnings !== undefined && counts.warnings > opts.maxWarnings) {
    error(`too many warnings: ${counts.warnings} (--max-warnings ${opts.maxWarnings})`);
  }
  return ioFailed ? EXIT_ERROR : status;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    if (argv[0] === 'vendor-safespawn') return vendorCommand(argv.slice(1), io);
    const cmd = parseArgs(argv);
    switch (cmd.command) {
      case 'help':
        io.stdout.write(HELP);
        return EXIT_CLEAN;
      case 'version':
        io.stdout.write(`${readPackageJson().version}\n`);
        return EXIT_CLEAN;
      case 'rules':
        io.stdout.write(formatRulesTable(ruleDocs));
        return EXIT_CLEAN;
      case 'explain':
        io.stdout.write(formatExplain(cmd.id, ruleDocs, ruleDocsUrl));
        return EXIT_CLEAN;
      case 'lint':
        return await lintCommand(cmd, io);
    }
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`forklint: ${err.message}\n`);
    } else {
      // Not a stack trace: one line, and the stack only when asked for.
      const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
      io.stderr.write(`forklint: internal error: ${msg}\n`);
      if (io.env.FORKLINT_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    }
    return EXIT_ERROR;
  }
}

function readAll(stream: NodeJS.ReadStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Entry point for cli/bin/forklint.js. */
export function run(argv: readonly string[]): void {
  // `forklint … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  process.on('uncaughtException', (err) => {
    process.stderr.write(`forklint: internal error: ${err.message.split('\n')[0]}\n`);
    process.exit(EXIT_ERROR);
  });
  main(argv, {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    readStdin: () => readAll(process.stdin),
  }).then((code) => {
    process.exitCode = code;
  }, (err: unknown) => {
    process.stderr.write(`forklint: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT_ERROR;
  });
}
