// One parsed text of a file: the file itself, or one of its preprocessor variants.
import type { Lang, SyntaxNode, Tree } from './parse';
import type { WordIndex } from './word-index';

export interface Unit {
  /** Unique per file and variant. */
  key: string;
  file: string;
  lang: Lang;
  /** The text that was parsed (a variant has blanked arms; positions match the file). */
  text: string;
  tree: Tree;
  variant: number;
  /** Function definitions by name, looked up as needed (null: none here); a macro unit has its one. */
  defs: Map<string, SyntaxNode | null>;
  /** Calls found by name (locate.ts's callsNamed), by the names' pattern. */
  calls?: Map<string, SyntaxNode[]>;
  /** Whether the file defines a static function of each name at its top level (outside any conditional), found on first ask. */
  topStatics?: Map<string, boolean>;
  /** Per function definition (by start): the parameters it calls through (pointer-args.ts). */
  calledParams?: Map<number, ReadonlySet<string>>;
  /** Lines only a system without fork() compiles (parse.ts noForkLines), found on first ask; null: none. */
  noFork?: Uint8Array | null;
  /** The file's word index, when this is the file's own text and it has one. */
  words?: WordIndex;
}
