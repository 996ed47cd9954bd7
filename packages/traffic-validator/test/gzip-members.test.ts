import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateGzipMembers } from '../src/gzip-members.js';
import { chunkedStream } from './support/streams.js';

async function inflate(bytes: Buffer, sizes: number[] = [7], limit = 2 ** 40): Promise<{ text: string; problem: string | undefined }> {
  const result = inflateGzipMembers(chunkedStream(bytes, sizes), limit);
  const parts: Buffer[] = [];
  for await (const chunk of result.stream as Readable) parts.push(chunk as Buffer);
  return { text: Buffer.concat(parts).toString(), problem: result.problem() };
}

/** A gzip member with the optional header fields RFC 1952 allows. */
function member(text: string, fields: { extra?: Buffer; name?: string; comment?: string; headerCrc?: boolean } = {}): Buffer {
  const data = Buffer.from(text);
  const flags =
    (fields.headerCrc ? 2 : 0) | (fields.extra ? 4 : 0) | (fields.name !== undefined ? 8 : 0) | (fields.comment !== undefined ? 16 : 0);
  const head: Buffer[] = [Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3])];
  if (fields.extra) head.push(Buffer.from([fields.extra.length & 0xff, fields.extra.length >> 8]), fields.extra);
  if (fields.name !== undefined) head.push(Buffer.from(`${fields.name}\0`, 'latin1'));
  if (fields.comment !== undefined) head.push(Buffer.from(`${fields.comment}\0`, 'latin1'));
  if (fields.headerCrc) head.push(Buffer.from([0, 0]));
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length, 4);
  return Buffer.concat([...head, deflateRawSync(data), trailer]);
}

describe('gzip, member by member', () => {
  it('reads every optional header field, in chunks of any size', async () => {
    const bytes = member('héllo\n', { extra: Buffer.from('xyz'), name: 'capture.jsonl', comment: 'a comment', headerCrc: true });
    for (const sizes of [[1], [3, 5], [1 << 16]]) expect(await inflate(bytes, sizes)).toEqual({ text: 'héllo\n', problem: undefined });
  });

  it('reads what the gzip tool writes (it stores the file name)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-gz-'));
    const file = join(dir, 'capture.jsonl');
    writeFileSync(file, 'a\nb\n');
    expect(await inflate(execFileSync('gzip', ['-c', file]))).toEqual({ text: 'a\nb\n', problem: undefined });
  });

  it('concatenates members, and takes zero bytes after the last one as padding', async () => {
    expect(await inflate(Buffer.concat([gzipSync('one\n'), member('two\n', { name: 'x' }), gzipSync(''), Buffer.alloc(512)]))).toEqual({
      text: 'one\ntwo\n',
      problem: undefined,
    });
  });

  it('keeps what came before a bad tail, and says what was wrong', async () => {
    const good = gzipSync('kept\n');
    const cases: [string, Buffer, RegExp][] = [
      [
        'trailing garbage',
        Buffer.concat([good, Buffer.from('junk')]),
        /^the data after the gzip stream \(from compressed byte 25\) is not gzip \(no gzip magic number\)/,
      ],
      ['another member cut in its header', Buffer.concat([good, Buffer.from([0x1f, 0x8b, 8])]), /header is cut short/],
      [
        'a member with another method',
        Buffer.concat([good, Buffer.from([0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 3])]),
        /unknown compression method/,
      ],
      ['a cut member', Buffer.concat([good, gzipSync('lost\n').subarray(0, 14)]), /^the gzip data is truncated/],
      ['a member without trailer', Buffer.concat([good, gzipSync('x\n').subarray(0, -8)]), /has no trailer/],
    ];
    for (const [name, bytes, problem] of cases) {
      const got = await inflate(bytes);
      expect(got.text.startsWith('kept\n'), name).toBe(true);
      expect(got.problem, name).toMatch(problem);
    }
  });

  it('checks CRC-32 and length', async () => {
    const bytes = gzipSync('checked\n');
    bytes[bytes.length - 8] ^= 1;
    expect((await inflate(bytes)).problem).toMatch(/fails its CRC-32 or length check/);
  });

  it('stops at the decompressed limit, keeping exactly that many bytes', async () => {
    expect(await inflate(gzipSync('0123456789'), [4], 6)).toEqual({
      text: '012345',
      problem: 'the decompressed input is larger than 6 bytes (--max-decompressed-bytes); the rest was not read',
    });
  });

  it('says so when the first bytes are no gzip at all', async () => {
    expect(await inflate(Buffer.from('plain'))).toEqual({ text: '', problem: 'not valid gzip data (no gzip magic number)' });
    expect(await inflate(Buffer.alloc(0))).toEqual({ text: '', problem: 'the gzip data is empty' });
  });
});
