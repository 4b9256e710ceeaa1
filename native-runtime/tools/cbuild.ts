// Builds the C tests, the lab runner and `tiny` with plain cc, the way an
// adopting project would: one header, one source, strict warnings.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const root = path.resolve(__dirname, fs.existsSync(path.join(__dirname, '..', 'binding.gyp')) ? '..' : '../../../native-runtime');

export const STRICT = ['-std=c11', '-Wall', '-Wextra', '-Werror'];
export const SANITIZE = ['-fsanitize=address,undefined', '-fno-omit-frame-pointer', '-fno-sanitize-recover=all'];

/** Which safespawn backend a build uses (the non-Linux ones are built here so they do not rot). */
export type Backend = 'clone' | 'vfork' | 'posix_spawn' | 'clone-no-close-range';

export const BACKEND_DEFINES: Record<Backend, string[]> = {
  clone: [],
  vfork: ['-DSAFESPAWN_USE_VFORK'],
  posix_spawn: ['-DSAFESPAWN_USE_POSIX_SPAWN'],
  'clone-no-close-range': ['-DSAFESPAWN_NO_CLOSE_RANGE'],
};

export const BACKEND_NAMES: Record<Backend, string> = {
  clone: 'clone(CLONE_VM|CLONE_VFORK)',
  vfork: 'vfork',
  posix_spawn: 'posix_spawn',
  'clone-no-close-range': 'clone(CLONE_VM|CLONE_VFORK)',
};

export interface CBuild {
  dir: string;
  tiny: string;
  testSpawn: string;
  testStress: string;
  lab: string;
}

function cc(args: string[]): void {
  try {
    execFileSync('cc', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`cc ${args.join(' ')} failed:\n${err.stderr?.toString() ?? ''}${err.stdout?.toString() ?? ''}`);
  }
}

/** Compile only (for the warning checks). */
export function compileOnly(file: string, flags: string[]): void {
  cc([...STRICT, ...flags, '-c', file, '-o', '/dev/null']);
}

/** Build every C program for one backend, with or without the sanitizers. */
export function buildC(backend: Backend, sanitize: boolean): CBuild {
  const dir = path.join(root, 'build', `c-${backend}${sanitize ? '-asan' : ''}`);
  fs.mkdirSync(dir, { recursive: true });
  const flags = [...STRICT, '-g', '-pthread', ...(sanitize ? ['-O1', ...SANITIZE] : ['-O2']), ...BACKEND_DEFINES[backend]];
  const obj = path.join(dir, 'safespawn.o');
  cc([...flags, '-c', 'safespawn.c', '-o', obj]);
  const b: CBuild = {
    dir,
    tiny: path.join(dir, 'tiny'),
    testSpawn: path.join(dir, 'test_spawn'),
    testStress: path.join(dir, 'test_stress'),
    lab: path.join(dir, 'safespawn-lab'),
  };
  // tiny is only exec'ed: static, no sanitizer runtime
  cc([...STRICT, '-O2', '-static', 'tests/tiny.c', '-o', b.tiny]);
  cc([...flags, 'tests/test_spawn.c', obj, '-o', b.testSpawn]);
  cc([...flags, 'tests/test_stress.c', obj, '-o', b.testStress]);
  cc([...flags, 'lab/lab.c', obj, '-o', b.lab]);
  return b;
}
