// The workspace as one engine Program: the indexed files' disk texts, with
// the open documents' texts in their place, and each open document's latest
// lint result. Every change to what the program holds bumps a generation
// number; a result is fresh while its document version and generation are
// current, so nothing stale is ever handed out.
import { Program, type Finding, type Fix, type WrapperInfo } from '../rules/index';
import type { Diagnostic } from 'vscode-languageserver';
import { ignorePatternMatcher } from '../cli/discover';
import { notAnalysed, toItems, type Item, type UriResolver } from './convert';
import type { Documents, OpenDocument } from './documents';
import { sameEngine, type Effective } from './settings';

export interface DocResult {
  uri: string;
  version: number;
  generation: number;
  items: Item[];
  diagnostics: Diagnostic[];
  /** Milliseconds the lint took (0 for a cached or skipped one). */
  ms: number;
}

export interface Log {
  info(message: string): void;
  error(message: string): void;
}

type Synced = { version: number } | 'excluded';

interface FileWrappers {
  text: string;
  wrappers: WrapperInfo[];
}

export class Analysis {
  private program: Program;
  private gen = 0;
  /** Workspace files as on disk (the index and the file watcher keep it). */
  private readonly disk = new Map<string, string>();
  /** What the program holds of each open document. */
  private readonly synced = new Map<string, Synced>();
  private readonly results = new Map<string, DocResult>();
  /** Spawn wrappers each file defines, found in the background, for the text they were found in. */
  private readonly wrappers = new Map<string, FileWrappers>();
  private ignored: (abs: string, isDir: boolean) => boolean;
  /** Called after the program changed (other documents' results may have changed too). */
  onChange: () => void = () => undefined;

  constructor(private readonly docs: Documents, private cfg: Effective, private readonly uris: UriResolver, private readonly log: Log) {
    this.program = new Program(cfg.engine);
    this.ignored = ignorePatternMatcher(cfg.ignorePatterns, cfg.baseDir ?? '/');
  }

  get generation(): number {
    return this.gen;
  }

  get config(): Effective {
    return this.cfg;
  }

  private bump(): void {
    this.gen++;
    this.onChange();
  }

  // ---- what the program holds ----

  setConfig(next: Effective): void {
    const rebuild = !sameEngine(this.cfg, next);
    this.cfg = next;
    this.ignored = ignorePatternMatcher(next.ignorePatterns, next.baseDir ?? '/');
    if (rebuild) {
      // Engine settings are fixed per program; addFile is a token scan, so starting over is cheap.
      this.program = new Program(next.engine);
      for (const [p, text] of this.disk) if (!this.docs.byPath(p)) this.program.addFile({ path: p, text });
      this.synced.clear();
      this.wrappers.clear();
    }
    this.results.clear();
    this.bump();
  }

  /** A workspace file's disk text (undefined: gone, or not to be indexed). */
  setDisk(path: string, text: string | undefined): void {
    if (text === undefined ? !this.disk.has(path) : this.disk.get(path) === text) return;
    if (text === undefined) this.disk.delete(path);
    else this.disk.set(path, text);
    if (this.docs.byPath(path)) return; // the open document's text stands in for it
    if (text === undefined) this.program.removeFile(path);
    else this.program.addFile({ path, text });
    this.bump();
  }

  /** Disk files under a folder (a deleted folder reports only itself). */
  diskUnder(dir: string): string[] {
    const prefix = dir.endsWith('/') ? dir : dir + '/';
    return [...this.disk.keys()].filter((p) => p.startsWith(prefix));
  }

  opened(d: OpenDocument): void {
    this.synced.delete(d.uri);
    this.results.delete(d.uri);
  }

  closed(d: OpenDocument): void {
    this.synced.delete(d.uri);
    this.results.delete(d.uri);
    const text = this.disk.get(d.path);
    if (text !== undefined) this.program.addFile({ path: d.path, text });
    else this.program.removeFile(d.path);
    this.bump();
  }

  /** The text of a file as the program has it. */
  textOf(path: string): string | undefined {
    return this.program.files.get(path)?.text;
  }

  /** Why a document is not analysed: a note to show, '' for silently not (disabled, ignored), undefined when it is. */
  exclusion(d: OpenDocument): string | undefined {
    if (!this.cfg.enable) return '';
    if (d.path.startsWith('/') && this.ignored(d.path, false)) return '';
    const text = d.doc.getText();
    // Bytes as UTF-8; counted only when the text could be over the cap.
    const size = text.length * 3 > this.cfg.maxFileSize ? Buffer.byteLength(text) : text.length;
    if (size > this.cfg.maxFileSize) {
      return `forklint: this file is ${size} bytes, over the ${this.cfg.maxFileSize}-byte limit (forklint.maxFileSize or maxFileSize in .forklintrc.json); it is not analysed.`;
    }
    const nul = text.indexOf('\0');
    if (nul >= 0 && nul < 8192) return 'forklint: this looks like a binary file (it has a NUL byte); it is not analysed.';
    return undefined;
  }

  /** Brings the program up to date with one open document; reuses the old tree when the editor sent incremental edits. */
  private sync(d: OpenDocument): void {
    const have = this.synced.get(d.uri);
    if (this.exclusion(d) !== undefined) {
      // Too big, binary, ignored or disabled: the program does not hold it at all.
      if (have !== 'excluded') {
        this.program.removeFile(d.path);
        this.synced.set(d.uri, 'excluded');
        d.pendingEdits = undefined;
        this.bump();
      }
      return;
    }
    const version = d.doc.version;
    if (have !== undefined && have !== 'excluded' && have.version === version) return;
    const file = { path: d.path, text: d.doc.getText(), languageId: d.languageId };
    if (have !== undefined && have !== 'excluded' && d.pendingEdits) this.program.editFile(file, d.pendingEdits);
    else this.program.addFile(file, true);
    d.pendingEdits = [];
    this.synced.set(d.uri, { version });
    this.bump();
  }

  /** Hands every open document's latest text to the program. */
  syncAll(): void {
    for (const d of this.docs.all()) this.sync(d);
  }

  // ---- results ----

  /** The document's result if it is still current. */
  fresh(uri: string): DocResult | undefined {
    const r = this.results.get(uri);
    const d = this.docs.get(uri);
    if (!r || !d || r.version !== d.doc.version || r.generation !== this.gen) return undefined;
    return r;
  }

  private rewriteCache?: { uri: string; version: number; generation: number; byFinding: Map<string, Fix[]> };

  /**
   * The rewrite-to-safespawn fixes of a document's findings, by findingKey():
   * the costly part of linting, so it runs when code actions are requested,
   * once per document version.
   */
  rewriteFixes(uri: string): Map<string, Fix[]> {
    const d = this.docs.get(uri);
    if (!d) return new Map();
    this.syncAll();
    const c = this.rewriteCache;
    if (c && c.uri === uri && c.version === d.doc.version && c.generation === this.gen) return c.byFinding;
    const byFinding = new Map<string, Fix[]>();
    try {
      for (const f of this.program.lint([d.path], { rewrites: true })) {
        const fixes = f.fixes.filter((x) => x.kind === 'rewrite');
        if (fixes.length) byFinding.set(findingKey(f), fixes);
      }
    } catch (e) {
      this.log.error(`rewrite of ${d.path} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.rewriteCache = { uri, version: d.doc.version, generation: this.gen, byFinding };
    return byFinding;
  }

  /** Lints one open document (or hands out its current result). Never throws. */
  analyse(uri: string): DocResult | undefined {
    const d = this.docs.get(uri);
    if (!d) return undefined;
    this.syncAll();
    const cached = this.fresh(uri);
    if (cached) return cached;
    const base = { uri, version: d.doc.version, generation: this.gen, ms: 0 };
    const note = this.exclusion(d);
    if (note !== undefined) {
      const r: DocResult = { ...base, items: [], diagnostics: note ? [notAnalysed(note)] : [] };
      this.results.set(uri, r);
      return r;
    }
    const t0 = performance.now();
    let findings: Finding[];
    try {
      this.program.addWrappers(this.foreignWrappers(d.path));
      // The rewrite to safespawn is built only when the quick-fix menu asks (rewriteFixes).
      findings = this.program.lint([d.path], { rewrites: false });
    } catch (e) {
      // The engine promises not to throw; if it does, this document says so and the server carries on.
      this.log.error(`analysis of ${d.path} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      findings = [{
        ruleId: 'internal-error', severity: 'info', file: d.path, message: `forklint could not analyse this file (${e instanceof Error ? e.message : String(e)}); see the forklint output.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, related: [], fixes: [],
      }];
    }
    for (const f of findings) if (f.ruleId === 'internal-error') this.log.error(`${f.file}: ${f.message}`);
    const items = toItems(d.path, findings, this.uris);
    const r: DocResult = { ...base, items, diagnostics: items.map((i) => i.diagnostic), ms: performance.now() - t0 };
    this.results.set(uri, r);
    return r;
  }

  // ---- spawn wrappers across files ----

  private foreignWrappers(except: string): WrapperInfo[] {
    const out: WrapperInfo[] = [];
    for (const [p, w] of this.wrappers) if (p !== except && this.program.files.get(p)?.text === w.text) out.push(...w.wrappers);
    return out;
  }

  /**
   * Finds the spawn wrappers (an `xfork()` returning the pid in both
   * processes) each file defines, so that a document calling one defined in
   * another file has its child regions. Walks only files whose text changed
   * since; yields between files; stops when the program changes under it.
   */
  async discoverWrappers(): Promise<boolean> {
    const start = this.gen;
    let changed = false;
    for (const [p, entry] of [...this.program.files]) {
      if (this.gen !== start) return false;
      const known = this.wrappers.get(p);
      if (known && known.text === entry.text) continue;
      let found: WrapperInfo[] = [];
      try {
        if (this.program.relevant(p)) {
          this.program.addWrappers(this.foreignWrappers(p));
          this.program.discoverWrappers([p]);
          // The program may know some of them already (from a lint): attribute by where they are defined.
          found = this.program.knownWrappers().filter((w) => definesFunction(entry.text, w.name));
        }
      } catch (e) {
        this.log.error(`looking for spawn wrappers in ${p} failed: ${(e as Error).message}`);
      }
      const before = JSON.stringify(known?.wrappers ?? []);
      this.wrappers.set(p, { text: entry.text, wrappers: found });
      if (JSON.stringify(found) !== before) changed = true;
      await new Promise((r) => setImmediate(r));
    }
    for (const p of [...this.wrappers.keys()]) if (!this.program.files.has(p)) this.wrappers.delete(p);
    if (changed && this.gen === start) this.bump();
    return true;
  }
}

/** Whether a text defines a function of this name (`name(params) {`, which a call never is). */
function definesFunction(text: string, name: string): boolean {
  if (!text.includes(name)) return false;
  const id = name.replace(/[^\w]/g, '');
  return new RegExp(`\\b${id}\\s*\\((?:[^()]|\\([^()]*\\))*\\)\\s*(?:__attribute__\\s*\\(\\([^)]*\\)\\)\\s*)*\\{`).test(text);
}

/** A finding's identity across lints of one text (the rewrite pass adds fixes and changes no position). */
export function findingKey(f: Finding): string {
  return `${f.ruleId}|${f.file}|${f.range.start.line}:${f.range.start.character}`;
}
