// Every rule, by id. Adding a rule: one file in rules/, one line here, its fixtures.
import type { Rule } from './rule';
import { rule as childExitNotUnderscoreExit } from './rules/child-exit-not-_exit';
import { rule as execErrorLost } from './rules/exec-error-lost';
import { rule as execWithoutExit } from './rules/exec-without-exit';
import { rule as fdLeakNoCloexec } from './rules/fd-leak-no-cloexec';
import { rule as forkChildUnsafeCall } from './rules/fork-child-unsafe-call';
import { rule as signalHandlerUnsafeCall } from './rules/signal-handler-unsafe-call';
import { rule as signalRace } from './rules/signal-race';
import { rule as vforkReturn } from './rules/vfork-return';
import { rule as vforkStackWrite } from './rules/vfork-stack-write';
import { rule as vforkUnsafeCall } from './rules/vfork-unsafe-call';

export const RULES: readonly Rule[] = [
  childExitNotUnderscoreExit,
  execErrorLost,
  execWithoutExit,
  fdLeakNoCloexec,
  forkChildUnsafeCall,
  signalHandlerUnsafeCall,
  signalRace,
  vforkReturn,
  vforkStackWrite,
  vforkUnsafeCall,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.doc.id, r]));
