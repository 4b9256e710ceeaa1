// The one place the CLI imports the engine from (rules/index.ts).
export { Program, ruleDocs, ruleDoc, applyEdits, ruleDocsUrl, languageOf } from '../rules/index';
export type { Finding, SourceFile, EngineConfig, RuleDoc, TextEdit, Severity, RuleSetting } from '../rules/types';
export type { WrapperInfo } from '../rules/index';
