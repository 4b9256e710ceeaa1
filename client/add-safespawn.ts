// "forklint: Add safespawn to this project": the command's logic, free of the
// vscode module (client/add-safespawn-command.ts wires it to the editor's
// dialogs). Reading, copying, the refusal to replace a changed copy unasked,
// and the build lines are the CLI's `forklint vendor-safespawn`
// (cli/vendor.ts), so the two say and do the same.
import * as path from 'node:path';
import { buildInstructions, planVendor, vendorSummary, writeVendor, type VendorResult } from '../cli/vendor';

/** Where the installed extension keeps safespawn.h and safespawn.c (the .vsix ships native-runtime/safespawn.{h,c}). */
export function shippedSafespawnIn(extensionPath: string): string {
  return path.join(extensionPath, 'native-runtime');
}

export interface AddSafespawnUi {
  /** The folder to copy into (the default is where the dialog opens), or undefined when the user cancels. */
  pickFolder(defaultDir: string | undefined): Promise<string | undefined>;
  /** Asked before files already there with other content are replaced; true replaces them. */
  confirmReplace(files: readonly string[]): Promise<boolean>;
  /** After the copy: one line saying what was done, and the make/CMake/meson lines. */
  done(summary: string, howToBuild: string): void;
  failed(message: string): void;
}

export interface AddSafespawnOptions {
  /** The workspace folder: the dialog's default, and what the build lines are relative to. */
  workspaceDir?: string;
  /** The folder holding the files to copy. */
  from: string;
}

export async function addSafespawn(ui: AddSafespawnUi, opts: AddSafespawnOptions): Promise<VendorResult | undefined> {
  const dir = await ui.pickFolder(opts.workspaceDir);
  if (!dir) return undefined;
  try {
    let plan = planVendor(dir, opts.from);
    let force = false;
    if (plan.differing.length) {
      const asked = plan.differing;
      if (!(await ui.confirmReplace(asked))) return undefined;
      // The files may have changed while the question was open: replace only what the user agreed to.
      plan = planVendor(dir, opts.from);
      const unasked = plan.differing.filter((f) => !asked.includes(f));
      if (unasked.length) throw new Error(`${unasked.join(' and ')} changed while you were asked; nothing was copied`);
      force = true;
    }
    const r = writeVendor(plan, { force });
    const base = opts.workspaceDir ?? dir;
    const rel = path.relative(base, dir);
    const shown = rel === '' ? 'the workspace folder' : rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel.split(path.sep).join('/');
    ui.done(`forklint: ${vendorSummary(r, shown)}.`, buildInstructions(dir, base));
    return r;
  } catch (e) {
    ui.failed(`forklint: ${(e as Error).message}`);
    return undefined;
  }
}
