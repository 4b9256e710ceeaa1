// "Replace vfork with fork": for a vfork child whose only problem is that it
// writes memory the parent sees. After fork the child writes its own copy, so
// the writes become harmless; the price is fork's page-table copy, which is
// why this fix is not the preferred one.
import { rangeOf } from '../ast';
import type { Region } from '../child';
import { safeInVforkChild } from '../safety';
import type { Fix } from '../types';

export function vforkToFork(region: Region): Fix | undefined {
  const s = region.spawn;
  if (region.kind !== 'vfork' || s.via || region.isWrapper || s.node.type !== 'call_expression') return undefined;
  const fn = s.node.childForFieldName('function');
  if (!fn || fn.type !== 'identifier' || fn.text !== 'vfork') return undefined;
  let writes = 0;
  for (const e of region.events) {
    if (e.inError) return undefined;
    // Leaving the function (vfork-return) or a call a vfork child may not make is wrong in other ways too.
    if (e.type === 'end') return undefined;
    if (e.type === 'call' && !(e.info && safeInVforkChild(e.info))) return undefined;
    if (e.type === 'write' && !e.shared) {
      // A write after a failed exec tells the parent it failed: after fork the parent would never see it.
      if (e.exec) return undefined;
      writes++;
    }
  }
  if (!writes) return undefined;
  return {
    title: 'Replace vfork() with fork() (the child then writes its own copy of memory; fork copies page tables, so it costs more)',
    kind: 'safe',
    preferred: false,
    edits: [{ file: s.unit.file, range: rangeOf(fn), newText: 'fork' }],
  };
}
