// Checks on what clients send: a malformed request is answered with an
// InvalidParams error that names the field, instead of failing somewhere deep.
import { ErrorCodes, ResponseError, type Position, type Range, type TextDocumentContentChangeEvent } from 'vscode-languageserver';

export class BadParams extends Error {}

function fail(message: string): never {
  throw new BadParams(message);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export function uriOf(params: unknown): string {
  const td = isObject(params) ? params.textDocument : undefined;
  if (!isObject(td) || typeof td.uri !== 'string' || !td.uri) fail('textDocument.uri must be a non-empty string');
  return td.uri as string;
}

export function position(v: unknown, name: string): Position {
  if (!isObject(v) || !isUint(v.line) || !isUint(v.character)) fail(`${name} must be {line, character} with non-negative integers`);
  return v as unknown as Position;
}

export function range(v: unknown, name: string): Range {
  if (!isObject(v)) fail(`${name} must be a range {start, end}`);
  const r = v as Record<string, unknown>;
  return { start: position(r.start, `${name}.start`), end: position(r.end, `${name}.end`) };
}

export function openParams(params: unknown): { uri: string; languageId: string; version: number; text: string } {
  const uri = uriOf(params);
  const td = (params as { textDocument: Record<string, unknown> }).textDocument;
  if (typeof td.languageId !== 'string') fail('textDocument.languageId must be a string');
  if (typeof td.version !== 'number' || !Number.isInteger(td.version)) fail('textDocument.version must be an integer');
  if (typeof td.text !== 'string') fail('textDocument.text must be a string');
  return { uri, languageId: td.languageId as string, version: td.version as number, text: td.text as string };
}

export function changeParams(params: unknown): { uri: string; version: number; changes: TextDocumentContentChangeEvent[] } {
  const uri = uriOf(params);
  const td = (params as { textDocument: Record<string, unknown> }).textDocument;
  if (typeof td.version !== 'number' || !Number.isInteger(td.version)) fail('textDocument.version must be an integer');
  const changes = (params as Record<string, unknown>).contentChanges;
  if (!Array.isArray(changes)) fail('contentChanges must be an array');
  // All checked before any is applied: a half-applied change would desynchronise the text.
  (changes as unknown[]).forEach((c, i) => {
    if (!isObject(c) || typeof c.text !== 'string') fail(`contentChanges[${i}].text must be a string`);
    if (c.range !== undefined) range(c.range, `contentChanges[${i}].range`);
  });
  return { uri, version: td.version as number, changes: changes as TextDocumentContentChangeEvent[] };
}

function asResponseError(e: unknown): unknown {
  return e instanceof BadParams ? new ResponseError(ErrorCodes.InvalidParams, `forklint: invalid params: ${e.message}`) : e;
}

/** Runs a request handler (sync or async); a BadParams becomes the JSON-RPC InvalidParams error. */
export function guarded<A extends unknown[], R>(handler: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    try {
      const r = handler(...args);
      return (r instanceof Promise ? r.catch((e: unknown) => Promise.reject(asResponseError(e))) : r) as R;
    } catch (e) {
      throw asResponseError(e);
    }
  };
}
