// The .forklintrc.json file: lookup, parsing and validation. Validation is by
// hand (schema/forklintrc.schema.json describes the same shape for editors) so
// that a mistake names the key and exits 2 instead of being ignored.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors';
import { SETTINGS } from './args';

export const CONFIG_FILE_NAME = '.forklintrc.json';
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

export type Setting = 'off' | 'info' | 'warn' | 'warning' | 'error';

export interface CliConfig {
  rules: Record<string, Setting>;
  assumeThreaded?: boolean;
  maxCallDepth?: number;
  ignorePatterns: string[];
  maxFileSize: number;
  /** Folder the ignorePatterns are relative to (the config file's folder). */
  baseDir: string;
  /** The file it came from, for messages; undefined when there is none. */
  file?: string;
}

/** Keys a config file may have; `$schema` lets editors find the schema. */
export const CONFIG_KEYS = ['$schema', 'rules', 'assumeThreaded', 'maxCallDepth', 'ignorePatterns', 'maxFileSize'] as const;

export function defaultConfig(baseDir: string): CliConfig {
  return { rules: {}, ignorePatterns: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, baseDir };
}

/** The nearest .forklintrc.json in dir and its parents, or undefined. */
export function findConfigFile(dir: string): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    const candidate = path.join(cur, CONFIG_FILE_NAME);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; go up
    }
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Checks a parsed config object; `where` prefixes every message (the file name). */
export function validateConfig(raw: unknown, where: string, knownRuleIds: readonly string[], baseDir: string): CliConfig {
  const fail = (msg: string): never => { throw new CliError(`${where}: ${msg}`); };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(`the config must be a JSON object, got ${typeName(raw)}`);
  const obj = raw as Record<string, unknown>;
  const config = defaultConfig(baseDir);

  for (const key of Object.keys(obj)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      fail(`unknown key '${key}' (allowed: ${CONFIG_KEYS.filter((k) => k !== '$schema').join(', ')})`);
    }
  }
  if ('$schema' in obj && typeof obj.$schema !== 'string') fail(`'$schema' must be a string, got ${typeName(obj.$schema)}`);
  if ('rules' in obj) {
    const rules = obj.rules;
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) fail(`'rules' must be an object of rule id to severity, got ${typeName(rules)}`);
    for (const [id, setting] of Object.entries(rules as Record<string, unknown>)) {
      if (!knownRuleIds.includes(id)) fail(`rules: unknown rule id '${id}' (see forklint rules)`);
      if (typeof setting !== 'string' || !(SETTINGS as readonly string[]).includes(setting)) {
        fail(`rules.${id}: severity must be one of off, info, warn, error (got ${JSON.stringify(setting)})`);
      }
      config.rules[id] = setting as Setting;
    }
  }
  if ('assumeThreaded' in obj) {
    if (typeof obj.assumeThreaded !== 'boolean') fail(`'assumeThreaded' must be a boolean, got ${typeName(obj.assumeThreaded)}`);
    config.assumeThreaded = obj.assumeThreaded as boolean;
  }
  if ('maxCallDepth' in obj) {
    const v = obj.maxCallDepth;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(`'maxCallDepth' must be a non-negative integer, got ${JSON.stringify(v)}`);
    config.maxCallDepth = v as number;
  }
  if ('ignorePatterns' in obj) {
    const v = obj.ignorePatterns;
    if (!Array.isArray(v)) fail(`'ignorePatterns' must be an array of glob strings, got ${typeName(v)}`);
    (v as unknown[]).forEach((p, i) => {
      if (typeof p !== 'string') fail(`ignorePatterns[${i}] must be a string, got ${typeName(p)}`);
    });
    config.ignorePatterns = v as string[];
  }
  if ('maxFileSize' in obj) {
    const v = obj.maxFileSize;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) fail(`'maxFileSize' must be a positive integer (bytes), got ${JSON.stringify(v)}`);
    config.maxFileSize = v as number;
  }
  return config;
}

/** Reads and validates one config file. */
export function loadConfigFile(file: string, knownRuleIds: readonly string[], displayName = file): CliConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `config file not found: ${displayName}` : `cannot read config file ${displayName}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CliError(`${displayName}: invalid JSON: ${(err as Error).message}`);
  }
  const config = validateConfig(raw, displayName, knownRuleIds, path.dirname(path.resolve(file)));
  config.file = displayName;
  return config;
}

/** The config for a run: --config FILE, else the nearest .forklintrc.json from cwd, else defaults. */
export function resolveConfig(opts: { config?: string; noConfig: boolean }, cwd: string, knownRuleIds: readonly string[]): CliConfig {
  if (opts.noConfig) return defaultConfig(cwd);
  const file = opts.config !== undefined ? path.resolve(cwd, opts.config) : findConfigFile(cwd);
  if (file === undefined) return defaultConfig(cwd);
  return loadConfigFile(file, knownRuleIds, path.relative(cwd, file) || file);
}
