// The engine's public data types. The engine is pure: text in, findings and
// fixes out; it knows nothing of LSP, terminals or the file system.

export type Severity = 'error' | 'warning' | 'info';
export type RuleSetting = Severity | 'off' | 'warn';

/** 0-based line and UTF-16 column, like LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  /** Path of the file the edit applies to (as given in SourceFile.path). */
  file: string;
  range: Range;
  newText: string;
}

export type FixKind =
  /** A small edit that is always correct (exit -> _exit). Applied by `--fix`. */
  | 'safe'
  /** A structural rewrite (to safespawn). Opt-in for `--fix`. */
  | 'rewrite';

export interface Fix {
  title: string;
  kind: FixKind;
  /** Preferred in the editor's quick-fix menu. */
  preferred: boolean;
  edits: TextEdit[];
}

export interface RelatedInfo {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  /** The call chain or spawn site that explains the finding. */
  related: RelatedInfo[];
  fixes: Fix[];
}

export interface SourceFile {
  path: string;
  text: string;
  /** 'c' or 'cpp'; derived from the extension when absent. */
  languageId?: string;
}

export interface EngineConfig {
  /** Per-rule setting; rules not named use their default severity. */
  rules?: Record<string, RuleSetting>;
  /** Treat the program as multithreaded even if no thread creation is seen. */
  assumeThreaded?: boolean;
  /** How deep calls from a child region are followed (default 8). */
  maxCallDepth?: number;
}

export interface RuleDoc {
  id: string;
  defaultSeverity: Severity;
  /** One line. */
  summary: string;
  /** Markdown: why the pattern is a bug. */
  explanation: string;
  /** Compilable C that the rule flags. */
  badExample: string;
  /** Its fixed twin, which the rule must not flag. */
  goodExample: string;
  fixable: boolean;
}
