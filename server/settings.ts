// What the server is configured to do: the editor's `forklint.*` settings and
// the project's .forklintrc.json (read with the CLI's own validation, so the
// editor and CI agree on what a file means). The project file wins where it
// says something; the settings fill in the rest.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, DEFAULT_MAX_FILE_SIZE, findConfigFile, validateConfig } from '../cli/config';
import { ruleDocs, type EngineConfig, type RuleSetting } from '../rules/index';

/** The `forklint` settings section as the client sends it (any of it may be missing or wrong). */
export interface EditorSettings {
  enable: boolean;
  rules: Record<string, RuleSetting>;
  assumeThreaded: boolean;
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: EditorSettings = { enable: true, rules: {}, assumeThreaded: false, maxFileSize: DEFAULT_MAX_FILE_SIZE };

export interface Effective {
  enable: boolean;
  engine: EngineConfig;
  maxFileSize: number;
  ignorePatterns: string[];
  /** The folder ignorePatterns are relative to. */
  baseDir?: string;
  /** The .forklintrc.json in use, if any. */
  configFile?: string;
  /** Problems to show the user (a bad setting, a bad config file); the rest still applies. */
  problems: string[];
}

const RULE_SETTINGS = new Set(['off', 'info', 'warn', 'warning', 'error']);
const RULE_IDS = ruleDocs.map((d) => d.id);

/** Reads the settings section leniently: a wrong value is reported and its default used. */
export function readSettings(raw: unknown, problems: string[]): EditorSettings {
  const s = { ...DEFAULT_SETTINGS, rules: {} as Record<string, RuleSetting> };
  if (raw === undefined || raw === null) return s;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('the forklint settings must be an object');
    return s;
  }
  const o = raw as Record<string, unknown>;
  if (o.enable !== undefined) {
    if (typeof o.enable === 'boolean') s.enable = o.enable;
    else problems.push('forklint.enable must be true or false');
  }
  if (o.assumeThreaded !== undefined) {
    if (typeof o.assumeThreaded === 'boolean') s.assumeThreaded = o.assumeThreaded;
    else problems.push('forklint.assumeThreaded must be true or false');
  }
  if (o.maxFileSize !== undefined) {
    if (typeof o.maxFileSize === 'number' && Number.isInteger(o.maxFileSize) && o.maxFileSize > 0) s.maxFileSize = o.maxFileSize;
    else problems.push('forklint.maxFileSize must be a positive whole number of bytes');
  }
  if (o.rules !== undefined && o.rules !== null) {
    if (typeof o.rules !== 'object' || Array.isArray(o.rules)) {
      problems.push('forklint.rules must be an object of rule id to off, info, warn or error');
    } else {
      for (const [id, v] of Object.entries(o.rules as Record<string, unknown>)) {
        if (!RULE_IDS.includes(id)) problems.push(`forklint.rules: unknown rule id '${id}'`);
        else if (typeof v !== 'string' || !RULE_SETTINGS.has(v)) problems.push(`forklint.rules.${id} must be off, info, warn or error`);
        else s.rules[id] = v as RuleSetting;
      }
    }
  }
  return s;
}

/** The nearest .forklintrc.json for the workspace's first folder (or its parents). */
export function configFileFor(roots: readonly string[]): string | undefined {
  for (const r of roots) {
    const f = findConfigFile(r);
    if (f) return f;
  }
  return undefined;
}

export function isConfigFile(p: string): boolean {
  return path.basename(p) === CONFIG_FILE_NAME;
}

/** Settings plus the project file; a broken project file is reported and the settings alone apply. */
export function effective(settings: EditorSettings, configFile: string | undefined, problems: string[]): Effective {
  const out: Effective = {
    enable: settings.enable,
    engine: { rules: { ...settings.rules }, assumeThreaded: settings.assumeThreaded || undefined },
    maxFileSize: settings.maxFileSize,
    ignorePatterns: [],
    problems,
  };
  if (!configFile) return out;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(configFile, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    problems.push(`${configFile}: ${e instanceof SyntaxError ? 'invalid JSON: ' : ''}${(e as Error).message}; using the editor settings only`);
    return out;
  }
  try {
    const c = validateConfig(raw, configFile, RULE_IDS, path.dirname(configFile));
    const given = raw as Record<string, unknown>;
    out.configFile = configFile;
    out.engine.rules = { ...settings.rules, ...c.rules };
    if ('assumeThreaded' in given) out.engine.assumeThreaded = c.assumeThreaded;
    if ('maxCallDepth' in given) out.engine.maxCallDepth = c.maxCallDepth;
    if ('maxFileSize' in given) out.maxFileSize = c.maxFileSize;
    out.ignorePatterns = c.ignorePatterns;
    out.baseDir = c.baseDir;
  } catch (e) {
    problems.push(`${(e as Error).message}; using the editor settings only`);
  }
  return out;
}

/** Whether two configurations analyse the same way (a new one needs a new program only if not). */
export function sameEngine(a: Effective, b: Effective): boolean {
  return JSON.stringify([a.engine, a.ignorePatterns, a.baseDir, a.maxFileSize]) === JSON.stringify([b.engine, b.ignorePatterns, b.baseDir, b.maxFileSize]);
}
