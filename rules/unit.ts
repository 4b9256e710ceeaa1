// One parsed text of a file: the file itself, or one of its preprocessor variants.
import type { Lang, SyntaxNode, Tree } from './parse';

export interface Unit {
  /** Unique per file and variant. */
  key: string;
  file: string;
  lang: Lang;
  /** The text that was parsed (a variant has blanked arms; positions match the file). */
  text: string;
  tree: Tree;
  variant: number;
  /** Function definitions by name (for a macro unit: the macro parsed as a function). */
  defs: Map<string, SyntaxNode>;
  /** Every call in the unit, in source order (computed once: several passes need them). */
  calls?: SyntaxNode[];
}

export function callsOf(unit: Unit): SyntaxNode[] {
  return (unit.calls ??= unit.tree.rootNode.descendantsOfType('call_expression'));
}
