// forklint's engine: text in, findings and fixes out.
import { rangeOf } from './ast';
import type { Region } from './child';
import { languageOf } from './parse';
import { ProgramBase } from './program';
import type { FactCall, MemoEntry } from './spawn-memo';
import { RULES, RULES_BY_ID } from './registry';
import { withRewrite } from './rewrite';
import { spawnLabel, type Report, type Rule, type RuleContext } from './rule';
import { isSuppressed, suppressions } from './suppress';
import type { EngineConfig, Finding, RelatedInfo, RuleDoc, Severity, SourceFile, TextEdit } from './types';

export * from './types';
export { languageOf };
export type { WrapperInfo } from './spawn';
export type { TreeEdit } from './parse';

export const ruleDocs: readonly RuleDoc[] = RULES.map((r) => r.doc);

export function ruleDoc(id: string): RuleDoc | undefined {
  return RULES_BY_ID.get(id)?.doc;
}

const DOCS_BASE = 'https://github.com/forklint/forklint/blob/main/rules/docs/';
export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

function severityFor(id: string, config: EngineConfig, wanted: Severity): Severity | 'off' {
  const s = config.rules?.[id];
  if (s === undefined) return wanted;
  if (s === 'off') return 'off';
  return s === 'warn' ? 'warning' : s;
}

const MAX_PER_CALL = 3;

export interface LintOptions {
  /** Compute the rewrite to safespawn for each spawn site (default true). */
  rewrites?: boolean;
}

export class Program extends ProgramBase {
  private skipped = 0;

  /** Files the pre-scan ruled out in the last lint. */
  get skippedCount(): number {
    return this.skipped;
  }

  /**
   * `rewrites: false` leaves out the rewrite to safespawn (and what blocks it):
   * it is the costly part, so an editor lints without it on each keystroke and
   * asks for it when the user opens the quick-fix menu.
   */
  lint(paths?: string[], opts: LintOptions = {}): Finding[] {
    this.rewrites = opts.rewrites ?? true;
    // Findings without the rewrite are what the memo keeps (an editor's lint on each keystroke).
    this.reuseFindings = !this.rewrites;
    this.factsNow.clear();
    const targets = paths ?? [...this.files.keys()];
    const out: Finding[] = [];
    const state = new Map<string, number>();
    this.walkAll(targets, (path, regions, whole) => out.push(...this.check(path, regions, whole)), state);
    this.checkFiles(out);
    this.tally(targets, state, out);
    return finish(out, this);
  }

  /** Same, yielding to the event loop between batches of files so native parse trees are freed. */
  async lintAsync(paths?: string[], onProgress?: (done: number, total: number) => void): Promise<Finding[]> {
    this.rewrites = true;
    this.reuseFindings = false;
    const targets = paths ?? [...this.files.keys()];
    const out: Finding[] = [];
    const state = new Map<string, number>();
    const visit = (path: string, regions: (Region | MemoEntry)[], whole: boolean) => out.push(...this.check(path, regions, whole));
    const BATCH = 16;
    for (let i = 0; i < targets.length; i += BATCH) {
      this.walkAll(targets.slice(i, i + BATCH), visit, state, false);
      onProgress?.(Math.min(i + BATCH, targets.length), targets.length);
      await new Promise((r) => setImmediate(r));
    }
    this.catchUp(targets, visit, state);
    this.checkFiles(out);
    this.tally(targets, state, out);
    return finish(out, this);
  }

  private tally(targets: string[], state: Map<string, number>, out: Finding[]): void {
    this.skipped = targets.filter((t) => this.files.has(t) && !state.has(t)).length;
    for (const e of this.internalErrors.splice(0)) out.push(internalError(e.path, e.message));
  }

  private check(path: string, regions: (Region | MemoEntry)[], wholeFile: boolean): Finding[] {
    const out: Finding[] = [];
    for (const region of regions) {
      if (!('spawn' in region)) {
        out.push(...region.findings);
        continue;
      }
      const log = this.walkLogs.get(region);
      const facts: FactCall[] | undefined = log ? [] : undefined;
      const found: Finding[] = [];
      for (const rule of RULES) {
        if (!rule.checkRegion) continue;
        try {
          rule.checkRegion(region, this.context(rule, found, region, facts));
        } catch (e) {
          // A bug in one rule must not take the front ends down.
          found.push(internalError(path, e));
        }
      }
      out.push(...found);
      // A rule that read a whole file's text depends on all of it: not kept.
      if (log && facts && !facts.some((f) => f.kind === 'text')) this.spawnMemo.add({ ...log, facts, findings: found });
    }
    if (wholeFile) this.fileQueue.push(path);
    return out;
  }

  /** The facts a memoised spawn's rules asked for, asked again (each once per lint). */
  protected override factsUnchanged(m: MemoEntry): boolean {
    return m.facts.every((c) => {
      if (c.kind === 'text') return false;
      const k = c.kind === 'threadsIn' ? `${c.kind}|${c.path}|${c.at}` : c.kind;
      let now = this.factsNow.get(k);
      if (now === undefined) this.factsNow.set(k, (now = JSON.stringify(this.fact(c))));
      return now === JSON.stringify(c.value);
    });
  }

  /** Facts asked again in this lint, as JSON. */
  private factsNow = new Map<string, string>();

  private fact(c: Exclude<FactCall, { kind: 'text' }>): unknown {
    switch (c.kind) {
      case 'threads': return this.threads(c.from) ?? null;
      case 'threadsIn': return this.threadsIn(c.path, c.at) ?? null;
      case 'hasMain': return this.hasMain();
      case 'execsChildren': return this.execsChildren(c.from);
      case 'handlers': return this.handlers(c.from);
    }
  }

  /** What a rule is given; `from` (the region's spawn, or the checked file) says whose program the facts are about. */
  private context(rule: Rule, out: Finding[], region?: Region, facts?: FactCall[], file?: string): RuleContext {
    const id = rule.doc.id;
    const from = region?.spawn.unit.file ?? file;
    // Through a call the child makes, a few findings per rule show that the
    // call is unsafe there; every line of a deep call tree would bury the point.
    const callsReported = new Map<string, number>();
    // A line reported once already (through another path) is one finding (finish() keeps one), and takes no second place.
    const linesReported = new Set<string>();
    const ownDepth = region?.spawn.childFn ? 1 : 0;
    // Each fact a rule asks is noted when the region's findings are to be memoised.
    const asked = <T>(call: (v: T) => FactCall, v: T): T => {
      facts?.push(call(v));
      return v;
    };
    return {
      threads: () => asked((value) => ({ kind: 'threads', from, value }), this.threads(from) ?? null) ?? undefined,
      threadsIn: (p, at) => asked((value) => ({ kind: 'threadsIn', path: p, at, value }), this.threadsIn(p, at) ?? null) ?? undefined,
      hasMain: () => asked((value) => ({ kind: 'hasMain', value }), this.hasMain()),
      handlers: () => asked((value) => ({ kind: 'handlers', from, value }), this.handlers(from)),
      execsChildren: () => asked((value) => ({ kind: 'execsChildren', from, value }), this.execsChildren(from)),
      mayStartPrograms: (name, unit, call) => {
        facts?.push({ kind: 'text', path: unit.file }); // follows function bodies: nothing to memoise by
        return this.mayStartPrograms(name, unit, call);
      },
      text: (p) => {
        facts?.push({ kind: 'text', path: p });
        return this.files.get(p)?.text ?? '';
      },
      assumeThreaded: !!this.config.assumeThreaded,
      report: (r) => {
        const line = `${r.unit.file}|${r.node.startPosition.row}`;
        if (r.chain && r.chain.length > ownDepth && !linesReported.has(line)) {
          const site = r.chain[ownDepth];
          const key = `${site.unit.key}@${site.node.startIndex}`;
          const n = callsReported.get(key) ?? 0;
          if (n >= MAX_PER_CALL) return;
          callsReported.set(key, n + 1);
        }
        linesReported.add(line);
        const sev = severityFor(id, this.config, r.severity ?? rule.doc.defaultSeverity);
        if (sev !== 'off') out.push(this.rewrites ? withRewrite(toFinding(id, sev, r), region) : toFinding(id, sev, r));
      },
    };
  }

  private fileQueue: string[] = [];
  private rewrites = true;

  /** File-level rules run once every child region is known (a child in one file redirects with a helper in another). */
  private checkFiles(out: Finding[]): void {
    for (const path of this.fileQueue.splice(0)) {
      for (const rule of RULES) {
        if (!rule.checkFile) continue;
        try {
          rule.checkFile({ path, units: this.units(path), isChildCall: (site) => this.isChildCall(site), childFdUse: this.childFdUse.get(path) ?? [] }, this.context(rule, out, undefined, undefined, path));
        } catch (e) {
          out.push(internalError(path, e));
        }
      }
    }
  }
}

function toFinding(ruleId: string, severity: Severity, r: Report): Finding {
  const related: RelatedInfo[] = [...(r.related ?? [])];
  if (r.spawn) {
    related.push({ file: r.spawn.unit.file, range: rangeOf(r.spawn.node), message: `the child of this ${spawnLabel(r.spawn)} runs the code below` });
  }
  for (const c of r.chain ?? []) related.push({ file: c.unit.file, range: rangeOf(c.node), message: `the child calls ${c.name}() here` });
  return { ruleId, severity, message: r.message, file: r.unit.file, range: rangeOf(r.node), related, fixes: r.fixes ?? [] };
}

function internalError(path: string, e: unknown): Finding {
  const msg = e instanceof Error ? e.message : String(e);
  return {
    ruleId: 'internal-error', severity: 'info', file: path,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: `forklint could not analyse this file (${msg}); please report it.`, related: [], fixes: [],
  };
}

/** Dedupe (variants of one file find the same thing), apply suppressions, sort. */
function finish(findings: Finding[], program: ProgramBase): Finding[] {
  const seen = new Set<string>();
  const supp = new Map<string, ReturnType<typeof suppressions>>();
  const out: Finding[] = [];
  for (const f of [...findings].sort(compareFindings)) {
    // One finding per rule and line: `std::string s = std::to_string(n);` is one problem.
    const key = `${f.file}|${f.ruleId}|${f.range.start.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let s = supp.get(f.file);
    if (!s) {
      s = suppressions(program.files.get(f.file)?.text ?? '');
      supp.set(f.file, s);
    }
    if (!isSuppressed(f, s)) out.push(f);
  }
  return out.sort(compareFindings);
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1
    : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

export function lintSources(files: SourceFile[], config?: EngineConfig): Finding[] {
  const p = new Program(config);
  for (const f of files) p.addFile(f);
  return p.lint();
}

/** Applies non-overlapping edits to one text (overlapping ones after the first are dropped). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const spans = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: typeof spans = [];
  for (const s of spans) {
    const prev = kept[kept.length - 1];
    if (prev && s.start < prev.end) continue;
    // Two insertions at one point would interleave unpredictably; keep the first.
    if (prev && s.start === prev.start && s.start === s.end && prev.start === prev.end) continue;
    kept.push(s);
  }
  let out = text;
  for (let i = kept.length - 1; i >= 0; i--) out = out.slice(0, kept[i].start) + kept[i].text + out.slice(kept[i].end);
  return out;
}
