// "forklint: Add safespawn to this project", its logic with a scripted UI in
// place of the editor's dialogs: what is copied where, what the user is told,
// and that a changed copy is replaced only when the user says so.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildInstructions, SAFESPAWN_FILES } from '../cli/vendor';
import { scratch } from '../cli/testing';
import { addSafespawn, shippedSafespawnIn, type AddSafespawnUi } from './add-safespawn';

const ROOT = path.resolve(__dirname, '..', '..');
const FROM = shippedSafespawnIn(ROOT);

/** A UI that picks `folder` (undefined: cancels), answers the replace question with `replace`, and records what it was told. */
function scripted(folder: string | undefined, replace = false) {
  const log = { defaults: [] as (string | undefined)[], asked: [] as (readonly string[])[], done: [] as { summary: string; howToBuild: string }[], failed: [] as string[] };
  const ui: AddSafespawnUi = {
    pickFolder: async (d) => {
      log.defaults.push(d);
      return folder;
    },
    confirmReplace: async (files) => {
      log.asked.push(files);
      return replace;
    },
    done: (summary, howToBuild) => log.done.push({ summary, howToBuild }),
    failed: (m) => log.failed.push(m),
  };
  return { ui, log };
}

describe('forklint: Add safespawn to this project', () => {
  const dirs: string[] = [];
  const ws = () => {
    const d = scratch({}, 'forklint-add-safespawn-');
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('the extension\'s own folder holds the files it copies (as the .vsix lays them out)', () => {
    for (const f of SAFESPAWN_FILES) assert.ok(fs.statSync(path.join(FROM, f)).size > 1000, f);
  });

  it('opens the dialog on the workspace folder, copies both files into the folder picked, and gives the make/CMake/meson lines relative to the workspace', async () => {
    const w = ws();
    const dest = path.join(w, 'third_party', 'safespawn');
    fs.mkdirSync(dest, { recursive: true });
    const { ui, log } = scripted(dest);
    const r = await addSafespawn(ui, { workspaceDir: w, from: FROM });
    assert.deepEqual(r?.written, [...SAFESPAWN_FILES]);
    for (const f of SAFESPAWN_FILES) assert.ok(fs.readFileSync(path.join(dest, f)).equals(fs.readFileSync(path.join(FROM, f))), f);
    assert.deepEqual(log.defaults, [w]);
    assert.deepEqual(log.asked, []);
    assert.deepEqual(log.failed, []);
    assert.deepEqual(log.done, [{ summary: 'forklint: copied safespawn.h and safespawn.c to third_party/safespawn.', howToBuild: buildInstructions(dest, w) }]);
    assert.match(log.done[0].howToBuild, /^ {2}make: .* -Ithird_party\/safespawn .*\n {2}CMake: .*\n {2}meson: .*'third_party\/safespawn\/safespawn\.c'/m);
  });

  it('says so when the files are already there and the same', async () => {
    const w = ws();
    await addSafespawn(scripted(w).ui, { workspaceDir: w, from: FROM });
    const { ui, log } = scripted(w);
    const r = await addSafespawn(ui, { workspaceDir: w, from: FROM });
    assert.deepEqual(r?.unchanged, [...SAFESPAWN_FILES]);
    assert.equal(log.done[0].summary, 'forklint: safespawn.h and safespawn.c in the workspace folder are already up to date.');
  });

  it('asks before replacing a copy with other content; no leaves both files as they were, yes replaces it', async () => {
    const w = ws();
    fs.writeFileSync(path.join(w, 'safespawn.c'), '/* patched locally */\n');
    const no = scripted(w, false);
    assert.equal(await addSafespawn(no.ui, { workspaceDir: w, from: FROM }), undefined);
    assert.deepEqual(no.log.asked, [[path.join(w, 'safespawn.c')]]);
    assert.deepEqual([no.log.done, no.log.failed], [[], []]);
    assert.equal(fs.readFileSync(path.join(w, 'safespawn.c'), 'utf8'), '/* patched locally */\n');
    assert.ok(!fs.existsSync(path.join(w, 'safespawn.h')), 'nothing is written when the user says no');
    const yes = scripted(w, true);
    const r = await addSafespawn(yes.ui, { workspaceDir: w, from: FROM });
    assert.deepEqual(r?.written, [...SAFESPAWN_FILES]);
    assert.ok(fs.readFileSync(path.join(w, 'safespawn.c')).equals(fs.readFileSync(path.join(FROM, 'safespawn.c'))));
  });

  it('a cancelled dialog does nothing; a folder outside the workspace is named in full', async () => {
    const w = ws();
    const cancelled = scripted(undefined);
    assert.equal(await addSafespawn(cancelled.ui, { workspaceDir: w, from: FROM }), undefined);
    assert.deepEqual([cancelled.log.done, cancelled.log.failed], [[], []]);
    const elsewhere = ws();
    const { ui, log } = scripted(elsewhere);
    await addSafespawn(ui, { workspaceDir: w, from: FROM });
    assert.equal(log.done[0].summary, `forklint: copied safespawn.h and safespawn.c to ${elsewhere}.`);
  });

  it('reports a folder it cannot write to, or missing shipped files, as one error message', async () => {
    const w = ws();
    const file = path.join(w, 'not-a-folder');
    fs.writeFileSync(file, '');
    const blocked = scripted(path.join(file, 'sub'));
    await addSafespawn(blocked.ui, { workspaceDir: w, from: FROM });
    assert.equal(blocked.log.failed.length, 1);
    assert.match(blocked.log.failed[0], /^forklint: cannot write to .*not-a-folder\/sub: /);
    const missing = scripted(w);
    await addSafespawn(missing.ui, { workspaceDir: w, from: path.join(w, 'nowhere') });
    assert.match(missing.log.failed[0], /^forklint: cannot read forklint's copy of safespawn\.h/);
    assert.deepEqual(missing.log.done, []);
  });
});
