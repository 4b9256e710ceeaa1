// Command-line parsing. Hand-written rather than util.parseArgs so that every
// mistake gets a message naming the flag and exit status 2.
import { CliError } from './errors';

export type Format = 'stylish' | 'json' | 'sarif';
export type FixKindOption = 'safe' | 'rewrite';

export interface LintOptions {
  command: 'lint';
  paths: string[];
  format: Format;
  stdin: boolean;
  stdinFilename?: string;
  fix: boolean;
  fixDryRun: boolean;
  fixKind: FixKindOption;
  maxWarnings?: number;
  quiet: boolean;
  /** `--rule id=severity`, in order; checked against the rule list later. */
  rules: Array<{ id: string; setting: string }>;
  config?: string;
  noConfig: boolean;
  color?: boolean;
  outputFile?: string;
  /** Upper bound on worker threads; 1 lints in-process. */
  jobs?: number;
}

export type Command =
  | LintOptions
  | { command: 'rules' }
  | { command: 'explain'; id: string }
  | { command: 'help' }
  | { command: 'version' };

const FORMATS: readonly Format[] = ['stylish', 'json', 'sarif'];
const FIX_KINDS: readonly FixKindOption[] = ['safe', 'rewrite'];
export const SETTINGS = ['off', 'info', 'warn', 'warning', 'error'] as const;

/** Flags that take a value, with their short aliases. */
const VALUE_FLAGS: Record<string, string> = {
  '--format': '--format', '-f': '--format',
  '--stdin-filename': '--stdin-filename',
  '--fix-kind': '--fix-kind',
  '--max-warnings': '--max-warnings',
  '--rule': '--rule',
  '--config': '--config', '-c': '--config',
  '--output-file': '--output-file', '-o': '--output-file',
  '--jobs': '--jobs', '-j': '--jobs',
};
const BOOL_FLAGS: Record<string, string> = {
  '--stdin': '--stdin',
  '--fix': '--fix',
  '--fix-dry-run': '--fix-dry-run',
  '--quiet': '--quiet', '-q': '--quiet',
  '--no-config': '--no-config',
  '--color': '--color',
  '--no-color': '--no-color',
  '--help': '--help', '-h': '--help',
  '--version': '--version', '-v': '--version',
};

function nonNegativeInt(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} expects a non-negative integer, got '${value}'`);
  return Number(value);
}

export function parseArgs(argv: readonly string[]): Command {
  if (argv[0] === 'rules') {
    if (argv.length > 1) throw new CliError(`'forklint rules' takes no arguments (got '${argv[1]}')`);
    return { command: 'rules' };
  }
  if (argv[0] === 'explain') {
    if (argv.length !== 2 || argv[1].startsWith('-')) throw new CliError("usage: forklint explain <rule-id>");
    return { command: 'explain', id: argv[1] };
  }

  const opts: LintOptions = {
    command: 'lint', paths: [], format: 'stylish', stdin: false, fix: false, fixDryRun: false,
    fixKind: 'safe', quiet: false, rules: [], noConfig: false,
  };
  let help = false;
  let version = false;
  let onlyPaths = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      opts.paths.push(arg);
      continue;
    }
    if (arg === '--') { onlyPaths = true; continue; }

    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const flag = VALUE_FLAGS[name] ?? BOOL_FLAGS[name];
    if (!flag) throw new CliError(`unknown option '${name}' (see forklint --help)`);

    if (BOOL_FLAGS[name]) {
      if (eq >= 0) throw new CliError(`option '${name}' takes no value`);
      switch (flag) {
        case '--stdin': opts.stdin = true; break;
        case '--fix': opts.fix = true; break;
        case '--fix-dry-run': opts.fixDryRun = true; break;
        case '--quiet': opts.quiet = true; break;
        case '--no-config': opts.noConfig = true; break;
        case '--color': opts.color = true; break;
        case '--no-color': opts.color = false; break;
        case '--help': help = true; break;
        case '--version': version = true; break;
      }
      continue;
    }

    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new CliError(`option '${name}' needs a value`);
      value = argv[++i];
    }
    switch (flag) {
      case '--format':
        if (!FORMATS.includes(value as Format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')} (got '${value}')`);
        opts.format = value as Format;
        break;
      case '--stdin-filename':
        if (!value) throw new CliError('--stdin-filename needs a file name');
        opts.stdinFilename = value;
        break;
      case '--fix-kind':
        if (!FIX_KINDS.includes(value as FixKindOption)) throw new CliError(`--fix-kind must be one of ${FIX_KINDS.join(', ')} (got '${value}')`);
        opts.fixKind = value as FixKindOption;
        break;
      case '--max-warnings': opts.maxWarnings = nonNegativeInt('--max-warnings', value); break;
      case '--rule': {
        const m = /^([^=]+)=(.*)$/.exec(value);
        if (!m) throw new CliError(`--rule expects id=off|info|warn|error (got '${value}')`);
        const setting = m[2].trim();
        if (!(SETTINGS as readonly string[]).includes(setting)) {
          throw new CliError(`--rule ${m[1]}: severity must be one of off, info, warn, error (got '${setting}')`);
        }
        opts.rules.push({ id: m[1].trim(), setting });
        break;
      }
      case '--config': opts.config = value; break;
      case '--output-file': opts.outputFile = value; break;
      case '--jobs': {
        const n = nonNegativeInt('--jobs', value);
        if (n < 1) throw new CliError('--jobs must be at least 1');
        opts.jobs = n;
        break;
      }
    }
  }

  if (help) return { command: 'help' };
  if (version) return { command: 'version' };
  if (opts.stdinFilename !== undefined && !opts.stdin) throw new CliError('--stdin-filename needs --stdin');
  if (opts.stdin && opts.paths.length > 0) throw new CliError(`--stdin lints standard input only; got paths too ('${opts.paths[0]}')`);
  if (opts.fix && opts.fixDryRun) throw new CliError('--fix and --fix-dry-run cannot be used together');
  if (opts.config !== undefined && opts.noConfig) throw new CliError('--config and --no-config cannot be used together');
  if (opts.paths.length === 0 && !opts.stdin) opts.paths.push('.');
  return opts;
}

export const HELP = `Usage: forklint [options] [paths...]
       forklint rules
       forklint explain <rule-id>
       forklint vendor-safespawn [--force] DIR   copy safespawn.h and .c into DIR

Lints C and C++ fork/vfork/clone + exec code. Paths are files or folders
(default: .); folders are walked for .c .h .cc .cpp .cxx .hh .hpp .hxx files,
honouring .gitignore and skipping hidden folders and node_modules. All files of
one run form one program.

Options:
  -f, --format <name>       stylish (default), json or sarif
  -o, --output-file <file>  write the report to a file instead of stdout
      --stdin               lint standard input
      --stdin-filename <f>  name (and language, from its extension) for --stdin
      --fix                 apply the fixes of --fix-kind to the files
      --fix-dry-run         print the fixes as a unified diff; change nothing
      --fix-kind <kind>     safe (default) or rewrite (structural, to safespawn;
                            safe fixes still apply where no rewrite exists)
      --max-warnings <n>    fail only when there are errors or more than n warnings
  -q, --quiet               report errors only
      --rule <id=severity>  off, info, warn or error; repeatable
  -c, --config <file>       use this config file instead of the nearest .forklintrc.json
      --no-config           use no config file
      --color, --no-color   force colours on or off (default: on for a terminal,
                            off when NO_COLOR is set)
  -j, --jobs <n>            worker threads for 50 files or more (default: cores,
                            at most 4; 1: lint in-process)
  -h, --help                show this help
  -v, --version             show the version

Exit status: 0 clean (infos alone are clean), 1 errors or warnings,
2 usage, configuration or I/O error.
`;
