// The extension manifest (package.json) agrees with the code: every command
// the extension registers is contributed, the settings the server reads are
// contributed with descriptions and the server's own defaults, the rule list
// is the engine's, and the entry points exist where `main` and the client say.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleDocs } from '../rules/index';
import { DEFAULT_SETTINGS, readSettings } from '../server/settings';
import { COMMANDS, LANGUAGES, serverModule } from './contract';

const ROOT = path.resolve(__dirname, '..', '..');

interface Property {
  type?: string;
  default?: unknown;
  description?: string;
  markdownDescription?: string;
  enum?: string[];
  properties?: Record<string, Property>;
  scope?: string;
}

interface Manifest {
  main: string;
  activationEvents: string[];
  engines: { vscode: string };
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; description?: string } };
  contributes: {
    commands: { command: string; title: string; category?: string; enablement?: string }[];
    configuration: { properties: Record<string, Property> };
    jsonValidation: { fileMatch: string; url: string }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const props = manifest.contributes.configuration.properties;

describe('extension manifest', () => {
  it('contributes every command the extension registers, each with a title', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    for (const c of manifest.contributes.commands) assert.ok(c.title && c.category === 'forklint', `${c.command} has a title in the forklint category`);
  });

  it('activates on the languages the client serves', () => {
    assert.deepEqual(manifest.activationEvents.sort(), LANGUAGES.map((l) => `onLanguage:${l}`).sort());
  });

  it('contributes the settings the server reads, described, with the server\'s defaults', () => {
    assert.deepEqual(Object.keys(props).sort(), ['forklint.assumeThreaded', 'forklint.enable', 'forklint.maxFileSize', 'forklint.rules', 'forklint.trace.server']);
    for (const [k, p] of Object.entries(props)) assert.ok(p.description || p.markdownDescription, `${k} has a description`);
    assert.equal(props['forklint.enable'].default, DEFAULT_SETTINGS.enable);
    assert.equal(props['forklint.assumeThreaded'].default, DEFAULT_SETTINGS.assumeThreaded);
    assert.equal(props['forklint.maxFileSize'].default, DEFAULT_SETTINGS.maxFileSize);
    assert.deepEqual(props['forklint.rules'].default, DEFAULT_SETTINGS.rules);
    assert.deepEqual(props['forklint.trace.server'].enum, ['off', 'messages', 'verbose']);
    // The defaults, read as the server reads settings, are accepted as they are.
    const problems: string[] = [];
    const defaults = Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith('forklint.trace')).map(([k, p]) => [k.slice('forklint.'.length), p.default]));
    assert.deepEqual(readSettings(defaults, problems), DEFAULT_SETTINGS);
    assert.deepEqual(problems, []);
  });

  it('forklint.rules names exactly the engine\'s rules, each with the values the server accepts', () => {
    const rules = props['forklint.rules'].properties ?? {};
    assert.deepEqual(Object.keys(rules).sort(), ruleDocs.map((d) => d.id).sort(), 'the rule list in package.json is out of date with rules/');
    for (const [id, p] of Object.entries(rules)) {
      const problems: string[] = [];
      for (const v of p.enum ?? []) readSettings({ rules: { [id]: v } }, problems);
      assert.deepEqual(p.enum, ['off', 'info', 'warn', 'error']);
      assert.deepEqual(problems, [], id);
      assert.ok(p.markdownDescription?.includes(ruleDocs.find((d) => d.id === id)!.summary), `${id}'s description is its summary`);
    }
  });

  it('supports untrusted workspaces in a limited way, saying why; the Race Lab (which runs code) needs trust', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(manifest.capabilities.untrustedWorkspaces.description ?? '', /runs nothing from the workspace/);
    assert.equal(manifest.contributes.commands.find((c) => c.command === COMMANDS.openRaceLab)?.enablement, 'isWorkspaceTrusted');
  });

  it('points main at the bundle, whose server sits beside it; the compiled tree finds its server too', () => {
    assert.equal(manifest.main, './out/bundle/extension.js');
    assert.equal(serverModule(path.join(ROOT, 'out', 'client')), path.join(ROOT, 'out', 'server', 'main.js'));
    assert.ok(fs.existsSync(serverModule(path.join(ROOT, 'out', 'client'))));
  });

  it('validates .forklintrc.json with the schema that ships', () => {
    const v = manifest.contributes.jsonValidation.find((j) => j.fileMatch === '.forklintrc.json');
    assert.ok(v && fs.existsSync(path.join(ROOT, v.url)));
  });
});
