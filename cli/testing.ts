// Helpers shared by the CLI's tests (not used by the CLI itself).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

/** Runs Microsoft's SARIF validator (npm @microsoft/sarif-multitool, offline) with its SARIF and GitHub code-scanning rules; returns the error and warning lines. */
export function sarifValidate(log: string): { problems: string[]; output: string } {
  // The package exports the path of the platform's binary; calling it directly avoids its shell wrapper.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const binary: string = require('@microsoft/sarif-multitool');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forklint-sarif-'));
  try {
    const file = path.join(dir, 'out.sarif');
    fs.writeFileSync(file, log);
    const r = spawnSync(binary, ['validate', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning', file], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`;
    if (r.status !== 0 || !/Analysis completed successfully/.test(output)) {
      return { problems: [`validator failed (status ${r.status}): ${output}`], output };
    }
    const problems = output.split('\n').filter((l) => /:\s*(error|warning)\s/.test(l));
    return { problems, output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A scratch folder under os.tmpdir() with these files. */
export function scratch(files: Record<string, string | Buffer>, prefix = 'forklint-cli-'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}
