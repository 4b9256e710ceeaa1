// forklint's own LSP messages, declared once: the server and the VS Code
// client both import them. Each says which side sends it.
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

export type ServerState = 'ready' | 'indexing' | 'analysing' | 'error';

export interface StatusParams {
  state: ServerState;
  /** Shown in the status bar tooltip: what is being done, or what went wrong. */
  message?: string;
}

/** Sent from the server to the client whenever its state changes (the client shows it in the status bar). */
export namespace StatusNotification {
  export const method = 'forklint/status';
  export const type = new NotificationType<StatusParams>(method);
}

export interface RuleDocInfo {
  id: string;
  summary: string;
  defaultSeverity: string;
  /** The rule's documentation page as Markdown. */
  markdown: string;
  url: string;
}

/** Sent from the client to the server: the rules and their documentation, for the "explain rule" command. */
export namespace RuleDocsRequest {
  export const method = 'forklint/ruleDocs';
  export const type = new RequestType0<RuleDocInfo[], void>(method);
}

/** The diagnostic code of the note on a file that is not analysed (too big, binary). */
export const NOT_ANALYSED_CODE = 'not-analysed';
