// "This snippet": the function holding the spawn site, compiled with the
// system's cc into the harness (helper/c/harness.c).  The user's whole file is
// compiled (its includes, globals and helpers come along) after prelude.h,
// which routes its spawn, exec, exit and wait calls through the harness's
// hooks; generated glue calls the function with arguments the harness makes.
import * as fs from 'fs';
import * as path from 'path';
import { nativeRoot } from '../../../native-runtime';
import { FunctionInfo, functionAt } from '../csource';
import type { Diagnostic, SnippetSource } from '../protocol';
import { cDir, runJailed } from './jail';

type Lang = 'c' | 'cpp';

const QUALIFIERS = new Set(['const', 'volatile', 'restrict', '__restrict', '__restrict__', 'register']);
const INTEGER_WORDS = new Set([
  'int', 'long', 'short', 'unsigned', 'signed', 'char', 'bool', '_Bool', 'size_t', 'ssize_t', 'pid_t', 'uid_t', 'gid_t',
  'mode_t', 'off_t', 'intptr_t', 'uintptr_t', 'int8_t', 'int16_t', 'int32_t', 'int64_t', 'uint8_t', 'uint16_t',
  'uint32_t', 'uint64_t', 'std::size_t',
]);
const FLOAT_WORDS = new Set(['float', 'double']);
const TYPE_KEYWORDS = new Set([...QUALIFIERS, ...INTEGER_WORDS, ...FLOAT_WORDS, 'void', 'struct', 'union', 'enum']);

/** What the glue passes for one parameter, or why it cannot. */
export type ParamPlan =
  | { kind: 'string' | 'argv' | 'int' | 'float'; cast: string }
  | { kind: 'std-string' | 'std-vector-string' }
  | { kind: 'error'; message: string };

/** Classify one parameter as written ("char *const argv[]", "pid_t", "const std::string &cmd"). */
export function planParam(text: string, lang: Lang): ParamPlan {
  let p = text.replace(/\s*=.*$/s, '').trim(); // a C++ default argument
  if (p.includes('(')) return { kind: 'error', message: `a function-pointer parameter (${text})` };
  p = p.replace(/\s*::\s*/g, '::').replace(/\s*<\s*/g, '<').replace(/\s*>/g, '>');
  const isRef = /&/.test(p);
  p = p.replace(/&+/g, ' ');
  const tokens = p.match(/[A-Za-z_][\w:<>,]*|\*|\[[^\]]*\]/g) ?? [];
  // the declarator's name: the last identifier that is not a type word and follows some type
  let nameIdx = -1;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i].startsWith('[')) continue;
    if (/^[A-Za-z_]\w*$/.test(tokens[i]) && !TYPE_KEYWORDS.has(tokens[i])) {
      const before = tokens.slice(0, i).filter((t) => !QUALIFIERS.has(t));
      const typeBefore = before.length > 0 && !['struct', 'union', 'enum'].includes(before[before.length - 1]);
      if (typeBefore) nameIdx = i;
    }
    break;
  }
  const typeTokens = tokens.filter((_, i) => i !== nameIdx);
  const levels = typeTokens.filter((t) => t === '*' || t.startsWith('[')).length;
  const base = typeTokens.filter((t) => t !== '*' && !t.startsWith('[') && !QUALIFIERS.has(t));
  // the type as a cast: arrays become pointers
  const cast = typeTokens.map((t) => (t.startsWith('[') ? '*' : t)).join(' ').replace(/ \*/g, ' *').replace(/\* /g, '*');
  if (lang === 'cpp' && levels === 0 && base.length === 1) {
    if (/^(std::)?string$/.test(base[0])) return { kind: 'std-string' };
    if (/^(std::)?vector<(std::)?string>$/.test(base[0])) return { kind: 'std-vector-string' };
  }
  if (isRef) return { kind: 'error', message: `a reference parameter (${text})` };
  if (base.length > 0 && base.every((w) => w === 'char' || w === 'signed' || w === 'unsigned')) {
    if (levels === 1) return { kind: 'string', cast };
    if (levels === 2) return { kind: 'argv', cast };
  }
  if (levels === 0 && base.length > 0 && base.every((w) => INTEGER_WORDS.has(w))) return { kind: 'int', cast };
  if (levels === 0 && base.length > 0 && base.every((w) => FLOAT_WORDS.has(w) || w === 'long')) return { kind: 'float', cast };
  return { kind: 'error', message: `parameter "${text}"` };
}

export interface CallPlan {
  fn: FunctionInfo;
  /** statements before the call (C++ locals) and the call's arguments */
  locals: string[];
  args: string[];
  returnsVoid: boolean;
}

/** How the glue calls fn, or a message saying why it cannot. */
export function planCall(fn: FunctionInfo, lang: Lang): CallPlan | { error: string } {
  const where = `${fn.callName}() (line ${fn.line})`;
  if (fn.member) return { error: `${where} is a member function: Race Lab can only call free functions.` };
  if (/\btemplate\b/.test(fn.returnType)) return { error: `${where} is a template.` };
  const returnsVoid = /(^|\s)void$/.test(fn.returnType.replace(/__attribute__\s*\(\(.*\)\)/g, '').trim());
  const params = fn.params.length === 1 && fn.params[0].trim() === 'void' ? [] : fn.params;
  if (fn.name === 'main') {
    const args = ['2', '(char **)in->main_argv', 'environ'].slice(0, params.length);
    return { fn, locals: [], args, returnsVoid: false };
  }
  const locals: string[] = [];
  const args: string[] = [];
  const bad: string[] = [];
  params.forEach((p, k) => {
    if (p.trim() === '...') return;
    const plan = planParam(p, lang);
    switch (plan.kind) {
      case 'string':
        args.push(`(${plan.cast})in->path`);
        break;
      case 'argv':
        args.push(`(${plan.cast})in->argv`);
        break;
      case 'int':
      case 'float':
        args.push('0');
        break;
      case 'std-string':
        locals.push(`std::string fl_s${k}(in->path);`);
        args.push(`fl_s${k}`);
        break;
      case 'std-vector-string':
        locals.push(`std::vector<std::string> fl_v${k}(in->argv, in->argv + in->argc);`);
        args.push(`fl_v${k}`);
        break;
      case 'error':
        bad.push(plan.message);
    }
  });
  if (bad.length)
    return {
      error:
        `Race Lab cannot call ${where}: it has ${bad.join(', ')}. It calls functions whose parameters are ` +
        `strings (given the program to run), argv arrays (given {program, NULL}), numbers (given 0) or none; ` +
        `put the spawn in such a function to run it here.`,
    };
  return { fn, locals, args, returnsVoid };
}

export function glueSource(userCopy: string, plan: CallPlan, lang: Lang): string {
  const q = (p: string) => JSON.stringify(p);
  const callee = plan.fn.name === 'main' ? 'forklint_user_main' : lang === 'cpp' ? `::${plan.fn.callName}` : plan.fn.callName;
  const call = `${callee}(${plan.args.join(', ')})`;
  const body = plan.returnsVoid
    ? `    ${call};\n    return 0;`
    : lang === 'cpp'
      ? `    auto fl_r = ${call};\n    return forklint_scalar(&fl_r, sizeof fl_r);`
      : `    __typeof__(${call}) fl_r = ${call};\n    return forklint_scalar(&fl_r, sizeof fl_r);`;
  return `/* generated by the Race Lab: calls ${plan.fn.callName}() from the harness */
#include ${q(path.join(cDir, 'prelude.h'))}
#include ${q(userCopy)}
#include ${q(path.join(cDir, 'undef.h'))}
static long forklint_scalar(const void *p, unsigned long n)
{
    if (n == 1) return *(const signed char *)p;
    if (n == 2) return *(const short *)p;
    if (n == 4) return *(const int *)p;
    if (n == 8) return *(const long *)p;
    return 0;
}
${lang === 'cpp' ? 'extern "C" ' : ''}long forklint_entry(const struct forklint_inputs *in)
{
    (void)in;
${plan.locals.map((l) => `    ${l}\n`).join('')}${body}
}
`;
}

const DIAG_RE = /^(.*?):(\d+):(\d+): (fatal error|error|warning|note): (.*)$/;

/** gcc/clang diagnostics, with the copy's path mapped back to the user's file. */
export function parseDiagnostics(output: string, copy: string, userFile: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const raw of output.split('\n')) {
    const m = DIAG_RE.exec(raw);
    if (m) {
      const user = path.resolve(m[1]) === path.resolve(copy);
      out.push({
        file: user ? userFile : m[1],
        line: Number(m[2]),
        column: Number(m[3]),
        severity: m[4] === 'note' ? 'note' : m[4] === 'warning' ? 'warning' : 'error',
        message: m[5],
        user,
      });
      continue;
    }
    const ld = /^(?:\S*\/)?ld(?:\.\w+)?: (.*)$/.exec(raw) ?? /^collect2: error: (.*)$/.exec(raw);
    if (ld && !/^\s*$/.test(ld[1])) out.push({ file: '', line: 0, column: 0, severity: 'error', message: ld[1], user: false });
  }
  return out;
}

export interface CompileResult {
  ok: boolean;
  exe?: string;
  fn?: FunctionInfo;
  diagnostics: Diagnostic[];
  /** the compiler's output, the user's path in place of the copy's */
  output: string;
  /** not a compiler error: no function at the line, or one Race Lab cannot call */
  error?: string;
}

/** Objects every snippet links with, built once per helper. */
const objects = new Map<string, Promise<string>>();

/** A program's path on PATH (the jail execs a path, it does not search). */
export function which(prog: string): string {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const f = path.join(dir || '.', prog);
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return f;
    } catch {
      // next
    }
  }
  return prog;
}

async function cached(jail: string, tmp: string, name: string, args: string[]): Promise<string> {
  let p = objects.get(name);
  if (!p) {
    const o = path.join(tmp, name);
    p = runJailed(jail, [...args, '-o', o], { cwd: tmp, timeoutMs: 60000, asBytes: 4 << 30 }).then((r) => {
      if (r.exitCode !== 0) throw new Error(`building ${name} failed: ${r.stderr}`);
      return o;
    });
    objects.set(name, p);
    p.catch(() => objects.delete(name));
  }
  return p;
}

export async function compileSnippet(src: SnippetSource, work: string, tools: { jail: string; tmp: string }, signal?: AbortSignal): Promise<CompileResult> {
  const lang: Lang = src.language === 'cpp' ? 'cpp' : 'c';
  const fn = functionAt(src.text, src.line);
  if (!fn) return { ok: false, diagnostics: [], output: '', error: `No function contains line ${src.line} of ${src.file}.` };
  const plan = planCall(fn, lang);
  if ('error' in plan) return { ok: false, fn, diagnostics: [], output: '', error: plan.error };
  const srcDir = path.join(work, 'src');
  fs.mkdirSync(srcDir, { recursive: true });
  const base = path.basename(src.file).replace(/[^\w.+-]/g, '_') || (lang === 'cpp' ? 'snippet.cpp' : 'snippet.c');
  const copy = path.join(srcDir, base);
  fs.writeFileSync(copy, src.text);
  const glue = path.join(srcDir, lang === 'cpp' ? 'forklint-glue.cpp' : 'forklint-glue.c');
  fs.writeFileSync(glue, glueSource(copy, plan, lang));
  const [harnessO, safespawnO] = await Promise.all([
    cached(tools.jail, tools.tmp, 'harness.o', [which('cc'), '-std=gnu11', '-O2', '-g', '-pthread', '-I', nativeRoot, '-I', cDir, '-c', path.join(cDir, 'harness.c')]),
    cached(tools.jail, tools.tmp, 'safespawn.o', [which('cc'), '-std=c11', '-O2', '-g', '-pthread', '-c', path.join(nativeRoot, 'safespawn.c')]),
  ]);
  const compiler = lang === 'cpp' ? 'c++' : 'cc';
  const userDir = path.isAbsolute(src.file) ? path.dirname(src.file) : work;
  const exe = path.join(work, 'snippet-harness');
  const flags = lang === 'cpp' ? ['-std=gnu++17'] : ['-std=gnu11'];
  // one cc call compiles the glue (and with it the user's file) and links
  const r = await runJailed(
    tools.jail,
    [
      which(compiler),
      ...flags,
      '-O1',
      '-g',
      '-pthread',
      '-fdiagnostics-color=never',
      '-I', userDir,
      '-I', nativeRoot,
      '-I', cDir,
      glue,
      harnessO,
      safespawnO,
      '-o',
      exe,
    ],
    { cwd: work, timeoutMs: 60000, asBytes: 4 << 30, signal },
  );
  // the user's path for the copy's; the glue that includes it is ours, not theirs
  const output = r.stderr
    .split(copy)
    .join(src.file)
    .split('\n')
    .filter((l) => !(l.startsWith('In file included from ') && l.includes(glue)))
    .join('\n')
    .split(srcDir + path.sep)
    .join('');
  const diagnostics = parseDiagnostics(r.stderr, copy, src.file);
  if (r.reason !== 'exited') return { ok: false, fn, diagnostics, output, error: `the compiler ${r.reason === 'timeout' ? 'timed out' : 'was cancelled'}` };
  if (r.exitCode !== 0) return { ok: false, fn, diagnostics, output };
  return { ok: true, exe, fn, diagnostics, output };
}
