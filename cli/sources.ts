// Reading a source file for the engine: size cap, binary check, UTF-8 decoding.
import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';

/** How far a NUL byte is looked for (as git and grep do, in the first few KB). */
const BINARY_PROBE = 8192;

export interface DecodedText {
  text: string;
  /** The file started with a UTF-8 byte order mark (dropped from text, restored on --fix). */
  bom: boolean;
  /** Invalid UTF-8 was replaced by U+FFFD: the text is not the file's bytes, so it is never written back. */
  lossy: boolean;
}

export type ReadResult =
  | ({ kind: 'ok' } & DecodedText)
  | { kind: 'skipped'; reason: string }
  | { kind: 'unreadable'; reason: string };

export function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, BINARY_PROBE);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

export function decode(bytes: Buffer): DecodedText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  return { text: body.toString('utf8'), bom, lossy: !isUtf8(body) };
}

export function encode(d: { text: string; bom: boolean }): Buffer {
  const body = Buffer.from(d.text, 'utf8');
  return d.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/** Checks bytes already in hand (a file or standard input). */
export function checkBytes(bytes: Buffer, maxFileSize: number): ReadResult {
  if (bytes.length > maxFileSize) return { kind: 'skipped', reason: `larger than maxFileSize (${bytes.length} > ${maxFileSize} bytes)` };
  if (isBinary(bytes)) return { kind: 'skipped', reason: 'binary file (a NUL byte in the first 8 KB)' };
  return { kind: 'ok', ...decode(bytes) };
}

export function readSource(abs: string, maxFileSize: number): ReadResult {
  try {
    // stat first so a huge file is never read into memory
    const st = fs.statSync(abs);
    if (!st.isFile()) return { kind: 'unreadable', reason: 'not a regular file' };
    if (st.size > maxFileSize) return { kind: 'skipped', reason: `larger than maxFileSize (${st.size} > ${maxFileSize} bytes)` };
    return checkBytes(fs.readFileSync(abs), maxFileSize);
  } catch (err) {
    return { kind: 'unreadable', reason: (err as Error).message };
  }
}
