// Source texts packed once into a SharedArrayBuffer, so every worker reads the
// same bytes instead of each receiving a copy of every file.
import type { SourceFile } from '../rules/types';

export interface PackedSources {
  buffer: SharedArrayBuffer;
  entries: Array<{ path: string; languageId?: string; offset: number; length: number }>;
}

export function packSources(files: readonly SourceFile[]): PackedSources {
  const sizes = files.map((f) => Buffer.byteLength(f.text, 'utf8'));
  const buffer = new SharedArrayBuffer(sizes.reduce((a, b) => a + b, 0));
  const view = Buffer.from(buffer);
  const entries: PackedSources['entries'] = [];
  let offset = 0;
  files.forEach((f, i) => {
    view.write(f.text, offset, 'utf8');
    entries.push({ path: f.path, ...(f.languageId !== undefined ? { languageId: f.languageId } : {}), offset, length: sizes[i] });
    offset += sizes[i];
  });
  return { buffer, entries };
}

export function unpackSources(packed: PackedSources): SourceFile[] {
  const view = Buffer.from(packed.buffer);
  return packed.entries.map((e) => ({
    path: e.path,
    text: view.toString('utf8', e.offset, e.offset + e.length),
    ...(e.languageId !== undefined ? { languageId: e.languageId } : {}),
  }));
}
