// Errors the CLI reports as one clear line and exit status 2 (usage, config, I/O).
// Anything else that escapes is an internal error: also one line and status 2.

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;
