import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkBytes, decode, encode, readSource } from './sources';

describe('cli sources', () => {
  it('skips a file with a NUL byte in the first 8 KB, but not one after', () => {
    const early = Buffer.concat([Buffer.from('int x;'), Buffer.from([0]), Buffer.from('more')]);
    assert.equal(checkBytes(early, 1e6).kind, 'skipped');
    const late = Buffer.concat([Buffer.alloc(9000, 0x20), Buffer.from([0])]);
    assert.equal(checkBytes(late, 1e6).kind, 'ok');
  });
  it('skips a file over the size cap', () => {
    const r = checkBytes(Buffer.alloc(11, 0x20), 10);
    assert.equal(r.kind, 'skipped');
    assert.match((r as { reason: string }).reason, /11 > 10 bytes/);
  });
  it('replaces invalid UTF-8 and says so; keeps a BOM for writing back', () => {
    const d = decode(Buffer.from([0x61, 0xff, 0x62]));
    assert.deepEqual(d, { text: 'a\uFFFDb', bom: false, lossy: true });
    const withBom = Buffer.from('\uFEFFint x; /* é */\n', 'utf8');
    const b = decode(withBom);
    assert.equal(b.text, 'int x; /* é */\n');
    assert.equal(b.bom, true);
    assert.equal(b.lossy, false);
    assert.deepEqual(encode(b), withBom);
  });
  it('reports an unreadable file with the reason', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forklint-src-'));
    try {
      const r = readSource(path.join(dir, 'gone.c'), 100);
      assert.equal(r.kind, 'unreadable');
      assert.match((r as { reason: string }).reason, /ENOENT/);
      fs.writeFileSync(path.join(dir, 'big.c'), Buffer.alloc(200, 0x20));
      assert.equal(readSource(path.join(dir, 'big.c'), 100).kind, 'skipped');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
