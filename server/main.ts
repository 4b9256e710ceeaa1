// forklint's language server: the LSP edge over the engine (rules/). It keeps
// the open documents in step with the editor, lints a document as soon as it
// changes (bursts of edits coalesce; see transport.ts), publishes or serves
// diagnostics, answers code actions and hovers, and indexes the workspace in
// the background so calls into other files are followed.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  InitializeResult,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  createConnection,
  type ClientCapabilities,
  type Diagnostic,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { languageOf, ruleDocs, type Fix } from '../rules/index';
import { Analysis, findingKey, type DocResult } from './analysis';
import { FIX_ALL_KIND, codeActions } from './code-actions';
import type { UriResolver } from './convert';
import { Documents } from './documents';
import { hover, ruleDocInfo } from './hover';
import * as P from './params';
import { RuleDocsRequest, StatusNotification, type ServerState } from './protocol';
import { DEFAULT_SETTINGS, configFileFor, effective, isConfigFile, readSettings, type Effective } from './settings';
import { transportFromArgs } from './transport';
import { indexWorkspace, readSource } from './workspace-index';
import { ignorePatternMatcher } from '../cli/discover';

const started = performance.now();
const transport = transportFromArgs(process.argv.slice(2));
const connection = createConnection(transport.reader, transport.writer);
const log = {
  info: (m: string) => connection.console.log(m),
  error: (m: string) => connection.console.error(m),
};
if (transport.stdio) {
  // stdout is the protocol: anything printed there would corrupt it.
  console.log = console.info = (...a: unknown[]) => log.info(a.map(String).join(' '));
  console.warn = console.error = (...a: unknown[]) => log.error(a.map(String).join(' '));
}
process.on('uncaughtException', (e) => log.error(`internal error (the server carries on): ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => log.error(`internal error (the server carries on): ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
let shutdown = false;
transport.reader.onClose(() => process.exit(shutdown ? 0 : 1));

// ---- paths and URIs ----

function pathOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

const docs = new Documents();
const uris: UriResolver = {
  uriOf: (file) => docs.byPath(file)?.uri ?? (path.isAbsolute(file) ? pathToFileURL(file).href : file),
  versionOf: (uri) => docs.get(uri)?.doc.version ?? null,
};

// ---- state ----

let caps: ClientCapabilities = {};
let roots: string[] = [];
let initSettings: unknown;
let pull = false;
let configured = false;
let markConfigured: () => void;
/** Requests about documents wait for the first configuration (a pull at startup would otherwise get nothing). */
const whenConfigured = new Promise<void>((r) => (markConfigured = r));
let indexing = false;
let indexRun = 0;
let problems: string[] = [];
const analysis = new Analysis(docs, effective(DEFAULT_SETTINGS, undefined, []), uris, log);

let lastStatus = '';
function status(state?: ServerState, message?: string): void {
  const s: ServerState = state ?? (problems.length ? 'error' : indexing ? 'indexing' : 'ready');
  const m = message ?? (problems.length ? problems.join('\n') : undefined);
  const key = `${s}\0${m ?? ''}`;
  if (key === lastStatus) return;
  lastStatus = key;
  connection.sendNotification(StatusNotification.type, { state: s, message: m });
}

// ---- publishing ----

const published = new Map<string, string>();

function publish(r: DocResult | undefined): void {
  if (!r || pull) return;
  const d = docs.get(r.uri);
  // Never publish a result for an older text than the editor has.
  if (!d || d.doc.version !== r.version) return;
  const key = `${r.version}\0${JSON.stringify(r.diagnostics)}`;
  if (published.get(r.uri) === key) return;
  published.set(r.uri, key);
  connection.sendDiagnostics({ uri: r.uri, version: r.version, diagnostics: r.diagnostics });
}

const slowNoted = new Set<string>();

/** A document changed or opened: lint it now, unless a newer change to it is already waiting. */
function analyseNow(uri: string): void {
  if (!configured || transport.pending.waiting(uri) > 0) return;
  const r = analysis.analyse(uri);
  if (r && r.ms > 500 && !slowNoted.has(uri)) {
    slowNoted.add(uri);
    log.info(`analysing ${uri} takes ${Math.round(r.ms)} ms per change; edits made meanwhile are coalesced`);
  }
  publish(r);
}

// Other documents' results can change with any edit (a helper they call, a
// thread created elsewhere); they are brought up to date once edits pause.
let backgroundTimer: NodeJS.Timeout | undefined;
let discoveryTimer: NodeJS.Timeout | undefined;
analysis.onChange = () => {
  if (!configured || indexing) return;
  clearTimeout(backgroundTimer);
  backgroundTimer = setTimeout(() => void background(), 150);
  clearTimeout(discoveryTimer);
  discoveryTimer = setTimeout(() => void analysis.discoverWrappers(), 1000);
};

async function background(): Promise<void> {
  analysis.syncAll();
  const gen = analysis.generation;
  const stale = docs.all().filter((d) => !analysis.fresh(d.uri));
  if (!stale.length) return;
  if (pull) {
    if (caps.workspace?.diagnostics?.refreshSupport) connection.languages.diagnostics.refresh();
    return;
  }
  const t0 = performance.now();
  let shown = false;
  for (const d of stale) {
    // A newer change re-armed the timer; that run will finish the job.
    if (analysis.generation !== gen) return;
    if (!docs.get(d.uri) || transport.pending.waiting(d.uri) > 0) continue;
    publish(analysis.analyse(d.uri));
    if (!shown && performance.now() - t0 > 200) {
      shown = true;
      status('analysing', `bringing ${stale.length} open files up to date`);
    }
    await new Promise((r) => setImmediate(r));
  }
  if (shown) status();
}

/** Everything may have changed (configuration): push every open document again, or ask a pulling client to pull. */
function refreshAll(): void {
  if (pull) {
    if (caps.workspace?.diagnostics?.refreshSupport) connection.languages.diagnostics.refresh();
    return;
  }
  for (const d of docs.all()) publish(analysis.analyse(d.uri));
}

// ---- configuration ----

async function loadConfig(fromNotification?: unknown): Promise<void> {
  let raw: unknown = (initSettings as { settings?: unknown } | undefined)?.settings ?? initSettings;
  if (caps.workspace?.configuration) {
    try {
      raw = await connection.workspace.getConfiguration('forklint');
    } catch (e) {
      log.error(`could not read the forklint settings: ${(e as Error).message}`);
    }
  } else if (fromNotification !== undefined) {
    raw = (fromNotification as { forklint?: unknown })?.forklint ?? raw;
  }
  const found: string[] = [];
  const next = effective(readSettings(raw, found), configFileFor(roots), found);
  const fresh = next.problems.filter((p) => !problems.includes(p));
  problems = next.problems;
  for (const p of fresh) {
    log.error(p);
    void connection.window.showWarningMessage(`forklint: ${p}`);
  }
  if (next.configFile) log.info(`using ${next.configFile}`);
  const reindex = configured && JSON.stringify([next.ignorePatterns, next.baseDir, next.maxFileSize]) !== JSON.stringify([analysis.config.ignorePatterns, analysis.config.baseDir, analysis.config.maxFileSize]);
  analysis.setConfig(next);
  configured = true;
  markConfigured();
  status();
  refreshAll();
  if (reindex) void startIndex();
}

// ---- workspace index ----

async function startIndex(): Promise<void> {
  if (!roots.length) return;
  const run = ++indexRun;
  indexing = true;
  status();
  const progress = caps.window?.workDoneProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
  progress?.begin('forklint: indexing the workspace', 0, 'listing C/C++ files', false);
  const cfg: Effective = analysis.config;
  const t0 = performance.now();
  const seen = new Set<string>();
  try {
    const result = await indexWorkspace(roots, {
      maxFileSize: cfg.maxFileSize,
      ignored: ignorePatternMatcher(cfg.ignorePatterns, cfg.baseDir ?? '/'),
      cancelled: () => run !== indexRun || shutdown,
      progress: (done, total) => progress?.report(total ? Math.round((100 * done) / total) : 100, `${done}/${total} files`),
    }, (file, text) => {
      seen.add(file);
      analysis.setDisk(file, text);
    });
    if (run !== indexRun) return;
    log.info(`indexed ${result.files} C/C++ files (${(result.bytes / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - t0)} ms${result.skipped.length ? `; ${result.skipped.length} left out (too big, binary or unreadable)` : ''}${result.truncated ? '; the index is at its size limit, calls into further files are not followed' : ''}`);
  } catch (e) {
    log.error(`indexing the workspace failed: ${(e as Error).stack ?? e}`);
  } finally {
    progress?.done();
    if (run === indexRun) indexing = false;
  }
  if (run !== indexRun) return;
  status();
  await analysis.discoverWrappers();
  analysis.onChange();
}

async function watchedFileChanged(uri: string, type: FileChangeType): Promise<void> {
  const file = pathOf(uri);
  if (isConfigFile(file)) return loadConfig();
  if (!languageOf(file)) {
    if (type === FileChangeType.Deleted) for (const f of analysis.diskUnder(file)) analysis.setDisk(f, undefined);
    return;
  }
  const cfg = analysis.config;
  const ignored = ignorePatternMatcher(cfg.ignorePatterns, cfg.baseDir ?? '/');
  const text = type === FileChangeType.Deleted || ignored(file, false) ? undefined : await readSource(file, cfg.maxFileSize);
  analysis.setDisk(file, text);
}

// ---- protocol ----

connection.onInitialize((params): InitializeResult => {
  caps = params.capabilities ?? {};
  initSettings = params.initializationOptions;
  pull = !!caps.textDocument?.diagnostic;
  const folders = params.workspaceFolders?.map((f) => pathOf(f.uri)) ?? [];
  const root = params.rootUri ? pathOf(params.rootUri) : params.rootPath ?? undefined;
  roots = (folders.length ? folders : root ? [root] : []).filter((r) => path.isAbsolute(r));
  const result: InitializeResult = {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'forklint', version: '0.1.0' },
  };
  if (pull) result.capabilities.diagnosticProvider = { identifier: 'forklint', interFileDependencies: true, workspaceDiagnostics: false };
  return result;
});

connection.onInitialized(() => {
  if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{c,h,cc,cpp,cxx,c++,hh,hpp,hxx,h++,ipp}' }, { globPattern: '**/.forklintrc.json' }],
    });
  }
  if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'forklint' });
  }
  if (caps.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => pathOf(f.uri)));
      roots = [...roots.filter((r) => !removed.has(r)), ...e.added.map((f) => pathOf(f.uri))];
      void loadConfig().then(startIndex);
    });
  }
  log.info(`forklint server ready in ${Math.round(performance.now() - started)} ms (node ${process.version}, ${pull ? 'pull' : 'push'} diagnostics, ${roots.length} workspace folder(s))`);
  void loadConfig().then(startIndex);
});

connection.onDidChangeConfiguration((p) => void loadConfig(p?.settings ?? {}));

connection.onDidChangeWatchedFiles((p) => {
  const changes = Array.isArray(p?.changes) ? p.changes : [];
  void (async () => {
    for (const c of changes) if (typeof c?.uri === 'string') await watchedFileChanged(c.uri, c.type);
  })();
});

function logBad(method: string, e: unknown): void {
  log.error(`${method}: ${e instanceof Error ? e.message : String(e)}`);
}

connection.onDidOpenTextDocument((p) => {
  let o: ReturnType<typeof P.openParams>;
  try {
    o = P.openParams(p);
  } catch (e) {
    return logBad('textDocument/didOpen', e);
  }
  const file = pathOf(o.uri);
  if (!languageOf(file, o.languageId)) return;
  const d = docs.open(o.uri, file, o.languageId, o.version, o.text);
  analysis.opened(d);
  analyseNow(o.uri);
});

connection.onDidChangeTextDocument((p) => {
  const uri = (p as { textDocument?: { uri?: unknown } })?.textDocument?.uri;
  if (typeof uri === 'string') transport.pending.handled(uri);
  let c: ReturnType<typeof P.changeParams>;
  try {
    c = P.changeParams(p);
  } catch (e) {
    return logBad('textDocument/didChange', e);
  }
  if (!docs.change(c.uri, c.version, c.changes)) return;
  analyseNow(c.uri);
});

connection.onDidCloseTextDocument((p) => {
  let uri: string;
  try {
    uri = P.uriOf(p);
  } catch (e) {
    return logBad('textDocument/didClose', e);
  }
  const d = docs.close(uri);
  if (!d) return;
  analysis.closed(d);
  published.delete(uri);
  if (!pull) connection.sendDiagnostics({ uri, diagnostics: [] });
});

/** The document's current result, for a request about it (undefined when the document is not open). */
async function resultFor(uri: string): Promise<DocResult | undefined> {
  await whenConfigured;
  return analysis.analyse(uri);
}

function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

connection.languages.diagnostics.on(P.guarded(async (p, token): Promise<DocumentDiagnosticReport> => {
  const uri = P.uriOf(p);
  const r = await resultFor(uri);
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed', { retriggerRequest: true });
  const items: Diagnostic[] = r?.diagnostics ?? [];
  // The same diagnostics get the same id, so an unchanged answer stays cheap for the client.
  const resultId = fnv(JSON.stringify(items));
  if (p.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
  return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
}));

connection.onCodeAction(P.guarded(async (p) => {
  const uri = P.uriOf(p);
  const range = P.range(p.range, 'range');
  const context = (p as { context?: unknown }).context;
  if (typeof context !== 'object' || context === null) throw new P.BadParams('context must be a CodeActionContext');
  const diagnostics = Array.isArray(p.context.diagnostics) ? p.context.diagnostics : [];
  const only = Array.isArray(p.context.only) ? p.context.only : undefined;
  const r = await resultFor(uri);
  const d = docs.get(uri);
  if (!r || !d) return [];
  let rewrites: Map<string, Fix[]> | undefined;
  return codeActions({
    docPath: d.path,
    items: r.items,
    textOf: (f) => analysis.textOf(f),
    uris,
    documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
    rewritesFor: (f) => (rewrites ??= analysis.rewriteFixes(uri)).get(findingKey(f)) ?? [],
    roots,
  }, range, diagnostics, only);
}));

connection.onHover(P.guarded(async (p) => {
  const uri = P.uriOf(p);
  const at = P.position(p.position, 'position');
  const r = await resultFor(uri);
  return r ? hover(r.items, at) : null;
}));

connection.onRequest(RuleDocsRequest.type, () => ruleDocs.map(ruleDocInfo));

connection.onShutdown(() => {
  shutdown = true;
  indexRun++;
  clearTimeout(backgroundTimer);
  clearTimeout(discoveryTimer);
});

connection.listen();
