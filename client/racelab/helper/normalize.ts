// The outcome category of each lab event, so the page counts one set of
// names whatever printed the event (the lab runner or the snippet harness).
import type { LabEvent, Outcome, Scenario } from '../protocol';

const SIGKILL = 9;

export function outcomeOf(scenario: Scenario, e: LabEvent): Outcome | undefined {
  if (e.event !== 'outcome') return undefined;
  const o = e.outcome as string | undefined;
  switch (scenario) {
    case 'kill-before-exec':
      // lab.c: "lost" = the parent's handler ran in the child (it is then
      // killed at once); "other" that died of SIGKILL = outlived the timeout
      if (o === 'killed') return 'terminated';
      if (o === 'lost') return 'handler-in-child';
      if (o === 'error') return 'error';
      if (o === 'other' && e.signal === SIGKILL) return 'timeout';
      return 'other';
    case 'malloc-after-fork':
      return o === 'ok' || o === 'hang' || o === 'error' ? o : 'other';
    case 'exec-failure':
      if (e.learned === 'errno') return typeof e.step === 'number' ? 'errno+step' : 'errno';
      if (e.learned === 'exit status') return 'exit-status';
      return 'other';
    case 'spawn-cost':
      return 'ok';
    case 'snippet':
      return (o as Outcome) ?? 'other';
  }
}
