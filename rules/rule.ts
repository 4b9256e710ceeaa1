// What a rule is, and what it is given.
import type { CallSite, Region, Spawn } from './child';
import type { HandlerFact } from './handlers';
import type { SyntaxNode } from './parse';
import type { ThreadFact } from './program';
import type { Fix, RelatedInfo, RuleDoc, Severity } from './types';
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
  /** More related information, shown first. */
  related?: RelatedInfo[];
}

export interface RuleContext {
  threads(): ThreadFact | undefined;
  /** Threads created in this file itself. */
  threadsIn(path: string, at?: number): ThreadFact | undefined;
  hasMain(): boolean;
  assumeThreaded: boolean;
  /** Every signal and atfork handler the program installs. */
  handlers(): HandlerFact[];
  /** The program runs other programs (exec or posix_spawn anywhere). */
  execsChildren(): boolean;
  /** A call of `name` from `from` (the call itself, for the functions it passes) may start a program (directly, or through the program's own code, a pointer or an unknown function). */
  mayStartPrograms(name: string, from: Unit, call?: SyntaxNode): boolean;
  /** The text of a file of the program. */
  text(path: string): string;
  report(r: Report): void;
}

/** What a file-level rule is given: the file's parsed units and what the program's children do. */
export interface FileScope {
  path: string;
  units: Unit[];
  /** Whether some child makes this call (`file:offset`) before its exec. */
  isChildCall(site: string): boolean;
  /** In this file: the descriptors each child dup2s or closes, and where its spawn is. */
  childFdUse: readonly { spawnAt: number; fnStart: number; used: ReadonlySet<string> }[];
}

export interface Rule {
  doc: RuleDoc;
  checkRegion?(region: Region, ctx: RuleContext): void;
  /** Rules about a file rather than a child (descriptors opened without close-on-exec). */
  checkFile?(file: FileScope, ctx: RuleContext): void;
}

/** "fork()" / "vfork()" / "clone()" as the user wrote it. */
export function spawnLabel(s: Spawn): string {
  return s.node.type === 'conditional_expression' ? 'fork()/vfork()' : `${s.name}()`;
}

/** Ends a message with exactly one full stop. */
export function sentence(s: string): string {
  return s.trim().replace(/[.;,]+$/, '') + '.';
}
