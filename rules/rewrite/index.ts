// The rewrite of hand-written spawn code into safespawn, as the engine offers it:
// attached to every finding of a child region, or, where the child does
// something safespawn cannot, the reason in the finding's message.
import type { Region } from '../child';
import type { Finding } from '../types';
import { rewriteRegion, type RewriteResult } from './rewrite';

export { rewriteRegion, type RewriteResult } from './rewrite';
export { vforkToFork } from './vfork-to-fork';

const SPAWN_KINDS = new Set(['fork', 'vfork', 'clone', 'clone-vm']);

// One rewrite per region, however many findings it has.
const cache = new WeakMap<Region, RewriteResult>();

function rewriteOf(region: Region): RewriteResult {
  let r = cache.get(region);
  if (!r) {
    try {
      r = rewriteRegion(region);
    } catch (e) {
      // A bug in the rewrite must not take the finding down with it.
      r = { blocker: `forklint failed while building it (${e instanceof Error ? e.message : String(e)}); please report it` };
    }
    cache.set(region, r);
  }
  return r;
}

/** A finding of this region with the rewrite among its fixes, or with what blocks it in its message. */
export function withRewrite(f: Finding, region: Region | undefined): Finding {
  // Signal-handler and atfork regions are not spawns: nothing to rewrite, nothing to say.
  if (!region || f.ruleId === 'internal-error' || !SPAWN_KINDS.has(region.kind)) return f;
  const r = rewriteOf(region);
  if ('fix' in r) f.fixes = [...f.fixes, r.fix];
  else f.message = `${f.message.replace(/\s+$/, '')} No safespawn rewrite: ${r.blocker}.`;
  return f;
}
