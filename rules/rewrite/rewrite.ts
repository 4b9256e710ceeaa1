// The rewrite of a spawn site into a safespawn call: the spawn statement
// becomes a block that adds the child's steps as actions and spawns; the
// child's branch goes; the parent's code and its error branch stay, the
// error branch with a comment saying it now also sees exec failures.
import { declaredIdentifier } from '../ast';
import type { Region } from '../child';
import type { SyntaxNode } from '../parse';
import { spawnLabel } from '../rule';
import type { Fix, TextEdit } from '../types';
import { After, deadCloneChild, includes, unusedDeclarations } from './cleanup';
import { Branch, Construct, IfChain, caseStatements, findConstruct } from './construct';
import { Names, actionCount, emitBlock } from './emit';
import { Blocked, ChildPlan, isBlocked, translateChild } from './steps';
import { Doc, Splice, dedent, indentStep, spliceText } from './text';

export type RewriteResult = { fix: Fix } | Blocked;

export function rewriteRegion(region: Region): RewriteResult {
  const c = findConstruct(region);
  if (isBlocked(c)) return c;
  const unit = c.unit;
  const plan = translateChild(c.childStmts, { lang: unit.lang, subst: c.clone?.subst ?? new Map(), ...(c.pidVar ? { pidVar: c.pidVar } : {}) });
  if (isBlocked(plan)) return plan;
  const doc = new Doc(unit.file, unit.text);
  const step = indentStep(doc, c.fnDef);
  const indent = doc.indentAt(c.spawnStmt.startIndex);
  // Two lines, the second aligned under the first's text, at whatever indentation it lands.
  const comment = (indent: string) => `/* with safespawn this also runs when the exec or a step of the child\n${indent}   fails, errno saying why (the old child ${plan.failure}) */`;

  const stmtOf = (b: Branch) => (b.kind === 'if' ? b.chain.stmt : b.sw);
  const childStmt = c.child ? stmtOf(c.child) : undefined;
  const errorStmt = c.error ? stmtOf(c.error) : undefined;
  const rebuild = (stmt: SyntaxNode): string | undefined => rebuildStatement(doc, stmt, c, comment, step);

  const splices: Splice[] = [];
  let rest = '';
  if (c.form === 'embedded') {
    const r = rebuild(c.spawnStmt);
    if (r === undefined) return { blocker: "the parent's branch tests the spawn's value without keeping it in a variable" };
    rest = r;
  }
  const done = new Set<SyntaxNode>([c.spawnStmt]);
  for (const st of [childStmt, errorStmt]) {
    if (!st || done.has(st)) continue;
    done.add(st);
    const r = rebuild(st)!;
    splices.push(r === '' ? doc.deletion(st.startIndex, st.endIndex) : { start: st.startIndex, end: st.endIndex, text: r });
  }

  // The pid variable is set only if the parent still reads it (else -Wunused-but-set-variable).
  const probe = new After([...splices, { start: c.spawnStmt.startIndex, end: c.spawnStmt.endIndex, text: rest }]);
  const pidKept = !!c.pidVar && (!c.pidIsLocal || readsElsewhere(probe, c.pidVar, c.fnDef));
  const block = emitBlock(plan, { indent, step, names: freshNames(plan, c.pidVar), ...(pidKept ? { pid: c.pidVar } : {}) });
  let head = block;
  if (c.form === 'decl' && pidKept) head = `${c.pidType!.replace(/\bconst\s+/g, '')} ${c.pidVar};\n${indent}${block}`;
  if (rest) head = `${block}\n${indent}${rest}`;
  splices.push({ start: c.spawnStmt.startIndex, end: c.spawnStmt.endIndex, text: head });

  if (c.clone) splices.push(...deadCloneChild(doc, unit, c.clone.def, splices));
  splices.push(...unusedDeclarations(doc, unit, c.fnDef, splices));
  const inc = includes(doc, unit, true);
  if (inc) splices.push(inc);
  if (overlapping(splices)) return { blocker: 'forklint could not build a rewrite here whose edits do not overlap; please report it' };

  const edits: TextEdit[] = splices.sort((a, b) => a.start - b.start || a.end - b.end).map((s) => doc.edit(s));
  const n = actionCount(plan);
  const fn = plan.exec.search ? 'ss_spawnp' : 'ss_spawn';
  return {
    fix: {
      title: `Rewrite this ${spawnLabel(region.spawn)} and its child as one ${fn}() call${n ? ` with ${n} action${n === 1 ? '' : 's'}` : ''} (needs safespawn.h and safespawn.c in the project)`,
      kind: 'rewrite',
      preferred: false,
      edits,
    },
  };
}

/** Is the pid variable read anywhere in the function after the rewrite (its own declaration aside)? */
function readsElsewhere(after: After, name: string, fnDef: SyntaxNode): boolean {
  const decl = fnDef.descendantsOfType('declaration').find((d) => d.childrenForFieldName('declarator').some((x) => declaredIdentifier(x) === name));
  return after.referenced(name, fnDef, decl);
}

/** The if/switch statement holding the child's or the error branch, after the rewrite ('' when nothing remains). */
function rebuildStatement(doc: Doc, stmt: SyntaxNode, c: Construct, comment: (indent: string) => string, step: string): string | undefined {
  const removeChild = c.child && (c.child.kind === 'if' ? c.child.chain.stmt : c.child.sw) === stmt ? c.child : undefined;
  const markError = c.error && (c.error.kind === 'if' ? c.error.chain.stmt : c.error.sw) === stmt ? c.error : undefined;
  const valueExpr = c.form === 'embedded' && stmt === c.spawnStmt ? c.valueExpr : undefined;
  const subs: Splice[] = [];
  let prefix = '';
  let unwrapBody: SyntaxNode | undefined;
  const removed = (n: SyntaxNode) => subs.some((s) => s.text === '' && n.startIndex >= s.start && n.endIndex <= s.end);

  if (stmt.type === 'if_statement') {
    const ifBranch = [removeChild, markError].find((b) => b?.kind === 'if') as { chain: IfChain } | undefined;
    if (!ifBranch) return stmt.text;
    const chain = ifBranch.chain;
    const arms = chain.arms;
    if (removeChild && removeChild.kind === 'if') {
      const k = removeChild.arm;
      if (k === arms.length) subs.push({ start: arms[k - 1].body.endIndex, end: chain.elseBody!.endIndex, text: '' });
      else if (k > 0) subs.push({ start: arms[k - 1].body.endIndex, end: arms[k].body.endIndex, text: '' });
      else if (arms.length > 1) subs.push({ start: stmt.startIndex, end: arms[1].ifNode.startIndex, text: '' });
      else if (chain.elseBody) {
        subs.push({ start: stmt.startIndex, end: chain.elseBody.startIndex, text: '' });
        unwrapBody = chain.elseBody;
      } else return '';
    }
    if (markError && markError.kind === 'if') {
      const body = markError.arm < arms.length ? arms[markError.arm].body : chain.elseBody!;
      if (body.type === 'compound_statement') subs.push(commentInBlock(doc, body, comment, step));
      else prefix = `${comment(doc.indentAt(stmt.startIndex))}\n${doc.indentAt(stmt.startIndex)}`;
    }
  } else if (stmt.type === 'switch_statement') {
    if (removeChild && removeChild.kind === 'case') {
      // Up to the next label, so a "falls through" comment after the child's code goes with it.
      const cs = removeChild.caseNode;
      let next = cs.nextNamedSibling;
      while (next && next.type === 'comment') next = next.nextNamedSibling;
      const whole = next?.type === 'case_statement' && doc.startsLine(cs.startIndex) && doc.startsLine(next.startIndex);
      subs.push(whole ? { start: doc.lineStart(cs.startIndex), end: doc.lineStart(next!.startIndex), text: '' } : doc.deletion(cs.startIndex, cs.endIndex));
    }
    if (markError && markError.kind === 'case') {
      const colon = markError.caseNode.children.find((x) => x.type === ':');
      const first = caseStatements(markError.caseNode)[0];
      if (colon) {
        const onNewLine = first && doc.startsLine(first.startIndex);
        const ind = first ? doc.indentAt(first.startIndex) : doc.indentAt(colon.startIndex);
        subs.push({ start: colon.endIndex, end: colon.endIndex, text: onNewLine ? `\n${ind}${comment(ind)}` : ` ${comment(ind)}` });
      }
    }
  }
  if (valueExpr && !removed(valueExpr)) {
    if (!c.pidVar) return undefined;
    subs.push({ start: valueExpr.startIndex, end: valueExpr.endIndex, text: c.pidVar });
  }
  if (unwrapBody) return unwrap(doc, unwrapBody, step);
  return prefix + spliceText(stmt.text, stmt.startIndex, subs);
}

/** A comment as the first line of a block. */
function commentInBlock(doc: Doc, body: SyntaxNode, comment: (indent: string) => string, step: string): Splice {
  const first = body.namedChildren[0];
  const at = body.startIndex + 1;
  if (first && doc.startsLine(first.startIndex)) {
    const ind = doc.indentAt(first.startIndex);
    return { start: at, end: at, text: `\n${ind}${comment(ind)}` };
  }
  const ind = doc.indentAt(body.startIndex) + step;
  if (!first) return { start: at, end: at, text: `\n${ind}${comment(ind)}` };
  return { start: at, end: at, text: ` ${comment(ind)}` };
}

/** The parent's `else { … }` that is all that remains: its statements, one level out (braces kept if it declares). */
function unwrap(doc: Doc, body: SyntaxNode, step: string): string {
  if (body.type !== 'compound_statement') return body.text;
  const inner = body.namedChildren;
  if (!inner.length) return '';
  if (inner.some((x) => x.type === 'declaration')) return body.text;
  const text = doc.text.slice(inner[0].startIndex, inner[inner.length - 1].endIndex);
  return dedent(text, step);
}

/** The block's own variables; they may shadow anything except what the block itself reads. */
function freshNames(plan: ChildPlan, pidVar: string | undefined): Names {
  const taken = new Set([...plan.used, ...(pidVar ? (pidVar.match(/[A-Za-z_]\w*/g) ?? []) : [])]);
  const pick = (base: string) => {
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
  };
  return { fa: pick('ss_fa'), ch: pick('ss_ch'), err: pick('ss_err'), rc: pick('ss_rc'), argv: pick('ss_argv') };
}

function overlapping(list: Splice[]): boolean {
  const s = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < s.length; i++) {
    const p = s[i - 1];
    const q = s[i];
    if (q.start < p.end) return true;
    if (q.start === p.start && q.start === q.end && p.start === p.end) return true;
  }
  return false;
}

export type { ChildPlan };
