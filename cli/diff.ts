// A unified diff (for --fix-dry-run): Myers' O(ND) line diff with the usual
// 3 lines of context, in the format `patch` and `git apply` accept.

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Splits into lines, each keeping its '\n' (the last may lack one). */
function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  if (lines.length === 1 && lines[0] === '') return [];
  return lines;
}

/** The edit script from a to b (Myers 1986, forward greedy with a trace for backtracking). */
function myers(a: string[], b: string[]): Op[] {
  // Common prefix and suffix need no search: spawn fixes touch a few lines of big files.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const n = A.length;
  const m = B.length;
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = n === 0 && m === 0;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) { x++; y++; }
      v[off + k] = x;
      if (x >= n && y >= m) { found = true; break; }
    }
  }
  const mid: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0 || x > 0 || y > 0; d--) {
    if (d <= 0) {
      // d = 0: only the diagonal is left
      while (x > 0 && y > 0) { mid.push({ kind: ' ', line: A[--x] }); y--; }
      break;
    }
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[off + k - 1] < vd[off + k + 1]) ? k + 1 : k - 1;
    const prevX = vd[off + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { mid.push({ kind: ' ', line: A[--x] }); y--; }
    if (x === prevX) mid.push({ kind: '+', line: B[--y] });
    else mid.push({ kind: '-', line: A[--x] });
  }
  mid.reverse();
  return [
    ...a.slice(0, pre).map((line) => ({ kind: ' ' as const, line })),
    ...mid,
    ...a.slice(a.length - suf).map((line) => ({ kind: ' ' as const, line })),
  ];
}

function emitLine(op: Op): string {
  const body = op.line.endsWith('\n') ? op.line : `${op.line}\n\\ No newline at end of file\n`;
  return op.kind + body;
}

/** A unified diff of one file, or '' when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const ops = myers(splitLines(oldText), splitLines(newText));
  const changes: number[] = [];
  ops.forEach((op, i) => { if (op.kind !== ' ') changes.push(i); });
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  let i = 0;
  while (i < changes.length) {
    // Grow the hunk while the next change is within 2*context unchanged lines.
    let j = i;
    while (j + 1 < changes.length && changes[j + 1] - changes[j] <= 2 * context + 1) j++;
    const start = Math.max(0, changes[i] - context);
    const end = Math.min(ops.length, changes[j] + context + 1);
    let oldLine = 1;
    let newLine = 1;
    for (let t = 0; t < start; t++) {
      if (ops[t].kind !== '+') oldLine++;
      if (ops[t].kind !== '-') newLine++;
    }
    let oldCount = 0;
    let newCount = 0;
    let body = '';
    for (let t = start; t < end; t++) {
      if (ops[t].kind !== '+') oldCount++;
      if (ops[t].kind !== '-') newCount++;
      body += emitLine(ops[t]);
    }
    // An empty side is numbered from the line before it, as diff(1) does.
    const range = (line: number, count: number) => `${count === 0 ? line - 1 : line}${count === 1 ? '' : `,${count}`}`;
    out += `@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@\n${body}`;
    i = j + 1;
  }
  return out;
}
