// The C text of the safespawn call that replaces a spawn and its child.
import type { ChildPlan, PlanItem } from './steps';

export interface Names {
  fa: string;
  ch: string;
  err: string;
  rc: string;
  argv: string;
}

export interface EmitOptions {
  /** Indentation of the line the block starts on, and one step of it. */
  indent: string;
  step: string;
  names: Names;
  /** The pid variable to set (the child's pid, or -1 on failure), if the parent still reads it. */
  pid?: string;
}

/** A block (`{ … }`) that spawns as the child did; its first line is not indented (it replaces a statement in place). */
export function emitBlock(plan: ChildPlan, o: EmitOptions): string {
  const { names: n, step } = o;
  const actions = countActions(plan.items) > 0;
  const lines: string[] = [];
  const at = (depth: number, s: string) => lines.push(o.indent + step.repeat(depth) + s);
  const x = plan.exec;
  // Declarations first (the child's own locals that lead its steps, too), then the steps.
  const lead: PlanItem[] = [];
  let rest = plan.items;
  while (rest.length && rest[0].kind === 'hoist' && rest[0].decl) {
    lead.push(rest[0]);
    rest = rest.slice(1);
  }
  lines.push('{');
  if (actions) at(1, `ss_actions ${n.fa};`);
  at(1, `ss_child ${n.ch};`);
  at(1, `ss_error ${n.err};`);
  at(1, `int ${n.rc};`);
  const argvList = Array.isArray(x.argv) && !lead.length ? x.argv : undefined;
  if (argvList) at(1, `char *${n.argv}[] = { ${[...argvList, 'NULL'].join(', ')} };`);
  for (const it of lead) at(1, (it as { text: string }).text);
  lines.push('');
  if (actions) at(1, `ss_actions_init(&${n.fa});`);
  const items = (list: PlanItem[], depth: number) => {
    for (const it of list) {
      if (it.kind === 'hoist') at(depth, it.text);
      else if (it.kind === 'action') at(depth, `ss_actions_add_${it.fn}(${[`&${n.fa}`, ...it.args].join(', ')});${it.note ? ` /* ${it.note} */` : ''}`);
      else {
        at(depth, `if (${it.cond}) {`);
        items(it.then, depth + 1);
        if (it.else) {
          at(depth, '} else {');
          items(it.else, depth + 1);
        }
        at(depth, '}');
      }
    }
  };
  items(rest, 1);
  let argv = x.argv;
  if (Array.isArray(argv)) {
    // After the child's own locals when it has some: its list may name them.
    if (!argvList) at(1, `char *${n.argv}[] = { ${[...argv, 'NULL'].join(', ')} };`);
    argv = n.argv;
  }
  if (x.search) at(1, `/* searches PATH as ${x.name}() did, but does not run a file without #! through /bin/sh */`);
  at(1, `${n.rc} = ${x.search ? 'ss_spawnp' : 'ss_spawn'}(&${n.ch}, ${x.path}, ${actions ? `&${n.fa}` : 'NULL'}, ${argv}, ${x.envp}, &${n.err});`);
  if (actions) at(1, `ss_actions_destroy(&${n.fa});`);
  if (o.pid) {
    at(1, `if (${n.rc} == 0) {`);
    at(2, `${o.pid} = ${n.ch}.pid;`);
    at(2, `ss_child_release(&${n.ch}); /* the code below waits for ${o.pid} itself */`);
    at(1, '} else {');
    at(2, `/* as for a failed fork; ${n.err}.step and ss_kind_name(${n.err}.kind) say which step failed */`);
    at(2, `${o.pid} = -1;`);
    at(2, `errno = ${n.rc};`);
    at(1, '}');
  } else {
    at(1, `if (${n.rc} == 0)`);
    at(2, `ss_child_release(&${n.ch}); /* nothing here reads its pid */`);
    at(1, 'else');
    at(2, `errno = ${n.rc}; /* not checked further, as the failed fork was not */`);
  }
  lines.push(o.indent + '}');
  return lines.join('\n');
}

function countActions(list: PlanItem[]): number {
  let k = 0;
  for (const it of list) {
    if (it.kind === 'action') k++;
    else if (it.kind === 'if') k += countActions(it.then) + countActions(it.else ?? []);
  }
  return k;
}

export function actionCount(plan: ChildPlan): number {
  return countActions(plan.items);
}
