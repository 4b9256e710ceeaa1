import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONFIG_KEYS, DEFAULT_MAX_FILE_SIZE, findConfigFile, resolveConfig, validateConfig } from './config';
import { SETTINGS } from './args';
import { CliError } from './errors';

const IDS = ['child-exit-not-_exit', 'vfork-return'];
const invalid = (raw: unknown, pattern: RegExp) =>
  assert.throws(() => validateConfig(raw, 'cfg.json', IDS, '/x'), (e: unknown) => e instanceof CliError && pattern.test(e.message) && e.message.startsWith('cfg.json: '));

describe('cli config', () => {
  it('accepts every documented key', () => {
    const c = validateConfig({ $schema: './schema/forklintrc.schema.json', rules: { 'vfork-return': 'warn' }, assumeThreaded: true, maxCallDepth: 3, ignorePatterns: ['vendor/'], maxFileSize: 10 }, 'cfg.json', IDS, '/x');
    assert.deepEqual(c.rules, { 'vfork-return': 'warn' });
    assert.equal(c.assumeThreaded, true);
    assert.equal(c.maxCallDepth, 3);
    assert.deepEqual(c.ignorePatterns, ['vendor/']);
    assert.equal(c.maxFileSize, 10);
  });
  it('defaults maxFileSize to 2 MB', () => assert.equal(validateConfig({}, 'c', IDS, '/').maxFileSize, DEFAULT_MAX_FILE_SIZE));
  it('names an unknown key', () => invalid({ rule: {} }, /unknown key 'rule'/));
  it('names an unknown rule id', () => invalid({ rules: { 'no-such-rule': 'off' } }, /unknown rule id 'no-such-rule'/));
  it('names a wrong type', () => {
    invalid([], /must be a JSON object, got array/);
    invalid({ rules: { 'vfork-return': 'loud' } }, /rules\.vfork-return: severity/);
    invalid({ rules: [] }, /'rules' must be an object/);
    invalid({ assumeThreaded: 'yes' }, /'assumeThreaded' must be a boolean, got string/);
    invalid({ maxCallDepth: 1.5 }, /'maxCallDepth' must be a non-negative integer/);
    invalid({ ignorePatterns: 'vendor' }, /'ignorePatterns' must be an array/);
    invalid({ ignorePatterns: ['a', 3] }, /ignorePatterns\[1\] must be a string/);
    invalid({ maxFileSize: 0 }, /'maxFileSize' must be a positive integer/);
  });

  it('finds the nearest .forklintrc.json up the tree, and reports bad JSON with the file name', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forklint-cfg-'));
    try {
      const deep = path.join(root, 'a', 'b');
      fs.mkdirSync(deep, { recursive: true });
      fs.writeFileSync(path.join(root, '.forklintrc.json'), '{"maxFileSize": 5}');
      assert.equal(findConfigFile(deep), path.join(root, '.forklintrc.json'));
      assert.equal(resolveConfig({ noConfig: false }, deep, IDS).maxFileSize, 5);
      assert.equal(resolveConfig({ noConfig: true }, deep, IDS).maxFileSize, DEFAULT_MAX_FILE_SIZE);
      fs.writeFileSync(path.join(root, 'a', '.forklintrc.json'), '{"maxFileSize": 5,}');
      assert.throws(() => resolveConfig({ noConfig: false }, deep, IDS), /\.\.[/\\]\.forklintrc\.json: invalid JSON/);
      assert.throws(() => resolveConfig({ config: 'nope.json', noConfig: false }, deep, IDS), /config file not found: nope\.json/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('agrees with the shipped JSON schema on keys and severities', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'forklintrc.schema.json'), 'utf8'));
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(Object.keys(schema.properties).sort(), [...CONFIG_KEYS].sort());
    assert.deepEqual([...schema.properties.rules.additionalProperties.enum].sort(), [...SETTINGS].sort());
    assert.equal(schema.properties.maxFileSize.type, 'integer');
    assert.equal(schema.properties.assumeThreaded.type, 'boolean');
  });
});
