// node-tree-sitter answers every node property with a call into C++, and
// every node it returns is marshalled through a transfer buffer into a JS
// object (which the binding keeps, so the same node comes back as the same
// object while it lives). The engine asks the same nodes the same questions
// many times over -- the CFG, the child walker, the rules -- so each answer
// is kept on the node object: a parsed tree never changes. (An edited tree
// is only the base of the next parse; its nodes go back to asking C++.)
// The start of a node is in the object already (the binding's fields are
// the TSNode: id, then its context: start byte, start row, start column).
import Parser = require('tree-sitter');

type SyntaxNode = Parser.SyntaxNode;

class Facts {
  end: number | undefined = undefined;
  parent: SyntaxNode | null | undefined = undefined;
  named: SyntaxNode[] | undefined = undefined;
  kids: SyntaxNode[] | undefined = undefined;
  type: string | undefined = undefined;
  fields: Map<string, SyntaxNode | null> | undefined = undefined;
}

type Kept = 'end' | 'parent' | 'named' | 'kids' | 'type';

type Node = SyntaxNode & { [field: number]: number; _facts?: Facts; tree: Parser.Tree & { _edited?: boolean } };

// The classes behind the declared interfaces.
const classes = Parser as unknown as { SyntaxNode: { prototype: object }; Tree: { prototype: object } };
const proto = classes.SyntaxNode.prototype as Record<string, unknown>;
const original = (name: string) => Object.getOwnPropertyDescriptor(proto, name)!;
const get = (name: string) => original(name).get as (this: Node) => unknown;
/** The binding's own answers (the tests compare against them). */
export const orig = {
  startIndex: get('startIndex') as (this: Node) => number,
  startPosition: get('startPosition') as (this: Node) => Parser.Point,
  endIndex: get('endIndex') as (this: Node) => number,
  parent: get('parent') as (this: Node) => SyntaxNode | null,
  namedChildren: get('namedChildren') as (this: Node) => SyntaxNode[],
  children: get('children') as (this: Node) => SyntaxNode[],
  type: get('type') as (this: Node) => string,
  childForFieldName: original('childForFieldName').value as (this: Node, name: string) => SyntaxNode | null,
};

function facts(n: Node): Facts | undefined {
  if (n.tree._edited) return undefined;
  return (n._facts ??= new Facts());
}

let installed = false;

/**
 * Installs the kept answers, after checking on a parsed sample that the
 * binding's fields are where this expects them (else it leaves the binding
 * as it is: slower, never wrong).
 */
export function installFastNodes(sample: Parser.Tree): void {
  if (installed) return;
  installed = true;
  const nodes: Node[] = [];
  const visit = (n: SyntaxNode) => {
    nodes.push(n as Node);
    for (const c of n.children) visit(c);
  };
  visit(sample.rootNode);
  const layoutHolds = nodes.every((n) => {
    const p = orig.startPosition.call(n);
    return n[2] / 2 === orig.startIndex.call(n) && n[3] === p.row && n[4] / 2 === p.column;
  });
  if (!layoutHolds) return;
  const define = (name: string, desc: PropertyDescriptor) => Object.defineProperty(proto, name, { ...original(name), ...desc });
  define('startIndex', {
    get(this: Node) {
      return this.tree._edited ? orig.startIndex.call(this) : this[2] / 2;
    },
  });
  define('startPosition', {
    get(this: Node) {
      return this.tree._edited ? orig.startPosition.call(this) : { row: this[3], column: this[4] / 2 };
    },
  });
  // A getter that asks the binding once per node and keeps the answer in `key`.
  const keep = <K extends Kept>(key: K, ask: (this: Node) => NonNullable<Facts[K]> | null) => ({
    get(this: Node) {
      const f = facts(this);
      if (!f) return ask.call(this);
      if (f[key] === undefined) f[key] = ask.call(this) as Facts[K];
      return f[key];
    },
  });
  define('endIndex', keep('end', orig.endIndex));
  define('parent', keep('parent', orig.parent));
  define('namedChildren', keep('named', orig.namedChildren));
  define('children', keep('kids', orig.children));
  // Named node types are a value on their class already; this is the others' (ERROR, punctuation).
  define('type', keep('type', orig.type));
  define('childForFieldName', {
    value(this: Node, name: string) {
      const f = facts(this);
      if (!f) return orig.childForFieldName.call(this, name);
      const m = (f.fields ??= new Map());
      let c = m.get(name);
      if (c === undefined) m.set(name, (c = orig.childForFieldName.call(this, name)));
      return c;
    },
  });
  const treeProto = classes.Tree.prototype as { edit: (this: Node['tree'], e: Parser.Edit) => void };
  const edit = treeProto.edit;
  treeProto.edit = function (this: Node['tree'], e: Parser.Edit) {
    this._edited = true;
    edit.call(this, e);
  };
}
