// The open documents: their text and version, kept in step with the editor's
// incremental changes, and the tree-sitter edits those changes make (so the
// engine reparses only what changed).
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TreeEdit } from '../rules/index';

export interface OpenDocument {
  uri: string;
  /** The path the engine knows the document by. */
  path: string;
  languageId: string;
  doc: TextDocument;
  /**
   * Edits since the engine last saw the text, in order; `undefined` when the
   * engine must take the text afresh (a full-text change, a first open).
   */
  pendingEdits: TreeEdit[] | undefined;
}

interface Point {
  row: number;
  column: number;
}

/**
 * tree-sitter's point for an offset: rows count '\n' only (LSP lines also
 * break at a lone '\r'), columns are UTF-16 code units from the last '\n'
 * (the JS binding's units for JS strings).
 */
function pointAt(text: string, offset: number): Point {
  let row = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    last = i;
  }
  return { row, column: offset - last - 1 };
}

function advance(start: Point, text: string): Point {
  const nl = text.lastIndexOf('\n');
  if (nl < 0) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: text.length - nl - 1 };
}

/** The tree edit one incremental change makes to `doc` (before the change is applied). */
export function treeEditFor(doc: TextDocument, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): TreeEdit {
  let startIndex = doc.offsetAt(range.start);
  let oldEndIndex = doc.offsetAt(range.end);
  if (oldEndIndex < startIndex) [startIndex, oldEndIndex] = [oldEndIndex, startIndex];
  const old = doc.getText();
  // Without '\r' the document's lines are tree-sitter's rows: a binary search, not a count.
  const at = old.includes('\r') ? undefined : doc.positionAt(startIndex);
  const startPosition = at ? { row: at.line, column: at.character } : pointAt(old, startIndex);
  return {
    startIndex,
    oldEndIndex,
    newEndIndex: startIndex + text.length,
    startPosition,
    oldEndPosition: advance(startPosition, old.slice(startIndex, oldEndIndex)),
    newEndPosition: advance(startPosition, text),
  };
}

export class Documents {
  private readonly byUri = new Map<string, OpenDocument>();
  private readonly paths = new Map<string, OpenDocument>();

  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.byUri.values()];
  }

  byPath(path: string): OpenDocument | undefined {
    return this.paths.get(path);
  }

  open(uri: string, path: string, languageId: string, version: number, text: string): OpenDocument {
    const d: OpenDocument = { uri, path, languageId, doc: TextDocument.create(uri, languageId, version, text), pendingEdits: undefined };
    const old = this.byUri.get(uri);
    if (old) this.paths.delete(old.path);
    this.byUri.set(uri, d);
    this.paths.set(path, d);
    return d;
  }

  /** Applies the editor's changes in order; returns false for an unknown document. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): boolean {
    const d = this.byUri.get(uri);
    if (!d) return false;
    for (const c of changes) {
      if ('range' in c && c.range) {
        const edit = treeEditFor(d.doc, c.range, c.text);
        d.pendingEdits?.push(edit);
      } else {
        d.pendingEdits = undefined;
      }
      // Each change is relative to the text after the previous one.
      TextDocument.update(d.doc, [c], version);
    }
    return true;
  }

  close(uri: string): OpenDocument | undefined {
    const d = this.byUri.get(uri);
    if (!d) return undefined;
    this.byUri.delete(uri);
    if (this.paths.get(d.path) === d) this.paths.delete(d.path);
    return d;
  }
}
