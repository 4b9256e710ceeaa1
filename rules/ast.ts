// Small helpers over tree-sitter C/C++ syntax trees.
import type { SyntaxNode } from './parse';
import type { Range } from './types';

export function rangeOf(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** Strips parentheses, casts and `__builtin_expect`-style wrappers that do not change a value. */
export function unwrap(node: SyntaxNode): SyntaxNode {
  for (;;) {
    if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) node = node.namedChild(0)!;
    else if (node.type === 'cast_expression' && node.childForFieldName('value')) node = node.childForFieldName('value')!;
    else if (node.type === 'condition_clause' && node.childForFieldName('value')) node = node.childForFieldName('value')!;
    else if (node.type === 'call_expression' && /^(__builtin_expect|likely|unlikely|LIKELY|UNLIKELY|__predict_true|__predict_false)$/.test(callName(node) ?? '')) {
      const arg = node.childForFieldName('arguments')?.namedChild(0);
      if (!arg) return node;
      node = arg;
    } else return node;
  }
}

/** The called name: `fork`, `::fork` → `fork`, `std::thread` → `std::thread`; undefined for calls through pointers. */
export function callName(call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  return calleeName(fn);
}

/** `(Char) (x)`: the name in parentheses when the callee is just that (a cast to a typedef'd type parses so, tree-sitter knowing no typedefs). */
export function parenthesizedCallee(call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'parenthesized_expression' && fn.namedChildCount === 1 && fn.namedChild(0)!.type === 'identifier' ? fn.namedChild(0)!.text : undefined;
}

export function calleeName(fn: SyntaxNode): string | undefined {
  switch (fn.type) {
    case 'identifier':
      return fn.text;
    case 'qualified_identifier': {
      const text = fn.text.replace(/\s+/g, '');
      return text.startsWith('::') ? text.slice(2) : text;
    }
    case 'parenthesized_expression':
      return fn.namedChildCount === 1 ? calleeName(fn.namedChild(0)!) : undefined;
    case 'template_function':
      return fn.childForFieldName('name')?.text;
    case 'field_expression':
      // obj.method() / obj->method(): the member name; the engine treats it as unknown.
      return undefined;
    default:
      return undefined;
  }
}

export function args(call: SyntaxNode): SyntaxNode[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((n) => n.type !== 'comment') ?? [];
}

export function normText(node: SyntaxNode): string {
  return node.text.replace(/\s+/g, '');
}

/** The function_definition's name, or undefined. */
export function functionName(def: SyntaxNode): string | undefined {
  let d = def.childForFieldName('declarator');
  while (d) {
    if (d.type === 'function_declarator') {
      const inner = d.childForFieldName('declarator');
      if (!inner) return undefined;
      if (inner.type === 'identifier' || inner.type === 'field_identifier') return inner.text;
      if (inner.type === 'qualified_identifier' || inner.type === 'destructor_name' || inner.type === 'operator_name') return normText(inner);
      d = inner;
      continue;
    }
    d = d.childForFieldName('declarator');
  }
  return undefined;
}

/** Parameter names of a function definition. */
export function parameterNames(def: SyntaxNode): string[] {
  const names: string[] = [];
  let d = def.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const params = d?.childForFieldName('parameters');
  for (const p of params?.namedChildren ?? []) {
    const id = declaredIdentifier(p.childForFieldName('declarator'));
    if (id) names.push(id);
  }
  return names;
}

/** A declaration or definition with `static` storage. */
export function isStaticDecl(d: SyntaxNode): boolean {
  return d.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
}

/** The identifier a declarator declares (`*p`, `a[3]`, `(*fp)(int)` → p, a, fp). */
export function declaredIdentifier(d: SyntaxNode | null | undefined): string | undefined {
  while (d) {
    if (d.type === 'identifier' || d.type === 'field_identifier') return d.text;
    if (d.type === 'init_declarator' || d.type === 'pointer_declarator' || d.type === 'array_declarator' ||
        d.type === 'function_declarator' || d.type === 'parenthesized_declarator' || d.type === 'reference_declarator' ||
        d.type === 'attributed_declarator') {
      d = d.childForFieldName('declarator') ?? d.namedChild(0);
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** The value is errno or derived from it without a call (`errno`, `-errno`, `errno ?: ECHILD`, `errno ? errno : EIO`). */
export function isErrnoExpr(node: SyntaxNode): boolean {
  const n = unwrap(node);
  if (n.type === 'identifier') return n.text === 'errno';
  if (n.type === 'unary_expression') return isErrnoExpr(n.childForFieldName('argument')!);
  if (n.type === 'conditional_expression') {
    const c = n.childForFieldName('condition');
    const t = n.childForFieldName('consequence');
    return !!c && isErrnoExpr(c) && (!t || isErrnoExpr(t) || t.descendantsOfType('call_expression').length === 0);
  }
  return false;
}

/** Every node of the given types below `node`, in source order, not descending into nested function bodies or lambdas. */
export function descendants(node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = node.walk();
  let depth = 0;
  for (;;) {
    const t = cursor.nodeType;
    if (types.has(t)) out.push(cursor.currentNode);
    const descend = (t !== 'lambda_expression' && t !== 'function_definition') || depth === 0;
    if (descend && cursor.gotoFirstChild()) { depth++; continue; }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return out;
      depth--;
      if (depth === 0) return out;
    }
  }
}

/** Findings never hang on the parser's guess inside an ERROR node. */
export function insideError(n: SyntaxNode): boolean {
  for (let p: SyntaxNode | null = n; p; p = p.parent) if (p.type === 'ERROR' || p.isMissing) return true;
  return false;
}

/** The variable under subscripts, `&` and fields: `fds` for `fds[1]`, `&sv`, `p->fd`. */
export function baseName(n: SyntaxNode): string {
  let v = unwrap(n);
  while (v.type === 'subscript_expression' || v.type === 'pointer_expression' || v.type === 'field_expression') v = unwrap(v.childForFieldName('argument') ?? v);
  return normText(v);
}
