// The Race Lab's two message protocols.
//
// helper process, line-delimited JSON on stdio:
//   in:  HelperRequest  ({type:'run', ...} | {type:'cancel'})
//   out: HelperMessage  ({type:'event'|'done'|'error'|'compile-error'|'compiled'})
// webview page <-> extension (postMessage): PageToHost / HostToPage; the host
// relays run/cancel to the helper and helper messages back unchanged.

export type Scenario = 'kill-before-exec' | 'spawn-cost' | 'malloc-after-fork' | 'exec-failure' | 'snippet';
export type Strategy = 'fork' | 'vfork' | 'posix_spawn' | 'safespawn' | 'safespawn-async';
export const STRATEGIES: readonly Strategy[] = ['fork', 'vfork', 'posix_spawn', 'safespawn', 'safespawn-async'];
/** The conditions a snippet runs under: one of the four lab scenarios. */
export type Conditions = Exclude<Scenario, 'snippet'>;

export interface RunParams {
  iterations?: number;
  /** spawn-cost: the parent's memory, one run per size (MiB); snippet: the first is used */
  memMib?: number[];
  /** malloc-after-fork: hammering threads and what the child calls */
  threads?: number;
  call?: 'malloc' | 'setenv' | 'stdio';
  /** kill-before-exec: who sends SIGTERM */
  killer?: 'parent' | 'group';
  /** kill-before-exec (lab and snippet), killer parent: microseconds between the spawn returning and the kill */
  killDelayUs?: number;
  /** a child still alive this long after the kill (or a hung one) counts as lost/hung */
  timeoutMs?: number;
  /** snippet: which scenario's conditions */
  conditions?: Conditions;
}

export interface SnippetSource {
  /** the file as the user sees it (for messages, links and #include "…" lookups) */
  file: string;
  /** its current text (the editor's buffer, saved or not) */
  text: string;
  /** 1-based line of the spawn site */
  line: number;
  language: 'c' | 'cpp';
}

export interface RunRequest {
  type: 'run';
  id?: string;
  scenario: Scenario;
  strategies: Strategy[];
  params: RunParams;
  snippet?: SnippetSource;
}

export type HelperRequest = RunRequest | { type: 'cancel' };

/** Outcome categories the helper assigns to each iteration (the page counts these). */
export type Outcome =
  // kill-before-exec
  | 'terminated'
  | 'handler-in-child'
  | 'timeout'
  // malloc-after-fork
  | 'ok'
  | 'hang'
  // exec-failure: what the parent learned
  | 'errno+step'
  | 'errno'
  | 'exit-status'
  | 'nothing'
  // any
  | 'other'
  | 'error'
  | 'parent-exit';

export interface TimelineEntry {
  t_us: number;
  kind: string;
  pid?: number;
  line?: number;
  detail?: string;
}

/**
 * One event printed by the lab runner or the snippet harness (start, outcome,
 * summary, error); the helper adds {event:'error'} when one of a run's
 * programs fails and the run goes on.  A message of type 'error' ends a run.
 */
export interface LabEvent {
  event: string;
  [key: string]: unknown;
}

export interface EventMessage {
  type: 'event';
  run: string;
  /** the strategy this event belongs to ('snippet' for user code) */
  strategy: string;
  /** spawn-cost: the parent memory of this lab process */
  memMib?: number;
  /** for outcome events: the category counted */
  outcome?: Outcome;
  /** for events from user code: the file and line they link back to */
  file?: string;
  line?: number;
  event: LabEvent;
}

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'note';
  message: string;
  /** true when the location is in the user's file (a link back) */
  user: boolean;
}

export type HelperMessage =
  | EventMessage
  | {
      type: 'done';
      run: string;
      cancelled: boolean;
      elapsedMs: number;
      killed: number;
      timedOut: boolean;
      output?: string;
      /** what started the run's programs: safespawn where its binding loaded, else child_process */
      spawnedBy?: 'safespawn' | 'child_process';
    }
  | { type: 'error'; run?: string; message: string }
  | { type: 'compile-error'; run: string; diagnostics: Diagnostic[]; output: string }
  | { type: 'compiled'; run: string; function: string; line: number; diagnostics: Diagnostic[] };

/** What the code lens / code action aims the panel at. */
export interface SnippetTarget {
  file: string;
  uri: string;
  line: number;
  function: string;
  language: 'c' | 'cpp';
}

export type PageToHost =
  | { type: 'ready' }
  | RunRequest
  | { type: 'cancel' }
  | { type: 'reveal'; file: string; line: number };

export type HostToPage =
  | HelperMessage
  | { type: 'trust'; trusted: boolean }
  | { type: 'target'; target: SnippetTarget | undefined }
  | { type: 'busy'; busy: boolean; run?: string };
