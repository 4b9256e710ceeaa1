// What a rule is, and what it is given.
import type { CallSite, Region, Spawn } from './child';
import type { SyntaxNode } from './parse';
import type { ThreadFact } from './program';
import type { Fix, RuleDoc, Severity } from './types';
import type { Unit } from './unit';

export interface Report {
  unit: Unit;
  node: SyntaxNode;
  message: string;
  /** Calls from the spawning function to the function the finding is in. */
  chain?: CallSite[];
  /** The spawn whose child this is (shown as related information). */
  spawn?: Spawn;
  /** Overrides the rule's default (e.g. a warning where glibc makes a call fork-safe). */
  severity?: Severity;
  fixes?: Fix[];
}

export interface RuleContext {
  threads(): ThreadFact | undefined;
  /** Threads created in this file itself. */
  threadsIn(path: string, at?: number): ThreadFact | undefined;
  hasMain(): boolean;
  assumeThreaded: boolean;
  report(r: Report): void;
}

export interface Rule {
  doc: RuleDoc;
  checkRegion(region: Region, ctx: RuleContext): void;
}

/** "fork()" / "vfork()" / "clone()" as the user wrote it. */
export function spawnLabel(s: Spawn): string {
  return s.node.type === 'conditional_expression' ? 'fork()/vfork()' : `${s.name}()`;
}

/** Ends a message with exactly one full stop. */
export function sentence(s: string): string {
  return s.trim().replace(/[.;,]+$/, '') + '.';
}
