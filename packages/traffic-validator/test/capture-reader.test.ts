import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectFormat, readCapture, readCaptureStream } from '../src/capture-reader.js';
import { UnusableInputError } from '../src/input-stream.js';
import { chunkedStream, collect } from './support/streams.js';

const line = (path: string, body = '{}') =>
  JSON.stringify({
    request: { method: 'POST', url: `https://h${path}`, headers: { 'Content-Type': 'application/json' }, body },
    response: { status: 200, headers: [{ name: 'X', value: '1' }], body: '{}' },
  });

describe('capture reading', () => {
  it('numbers JSONL lines from 1, skips blank lines, keeps malformed ones as unreadable', async () => {
    const text = `${line('/a')}\r\n\n   \n{"request": broken\n${line('/b')}\n[1,2]\n{"request":{"method":"POST"}}\n`;
    const items = await collect(readCaptureStream(chunkedStream(text, [5]), 'jsonl'));
    expect(items.map((i) => [i.kind, i.kind === 'exchange' ? i.exchange.source : i.source])).toEqual([
      ['exchange', { format: 'jsonl', line: 1 }],
      ['unreadable', { format: 'jsonl', line: 4 }],
      ['exchange', { format: 'jsonl', line: 5 }],
      ['unreadable', { format: 'jsonl', line: 6 }],
      ['unreadable', { format: 'jsonl', line: 7 }],
    ]);
    expect(items.map((i) => (i.kind === 'exchange' ? i.exchange.index : i.index))).toEqual([0, 1, 2, 3, 4]);
    expect(items[4]).toMatchObject({ reason: 'not an exchange: request.url (or request.path) is missing' });
    const first = items[0]!;
    expect(first.kind === 'exchange' && first.exchange.request.headers.get('content-type')).toBe('application/json');
  });

  it('never quotes the input in a parse error (it may be personal data)', async () => {
    const secret = 'A1234567890SECRET';
    const items = await collect(readCaptureStream(chunkedStream(`{"request": "${secret}" oops}\n`), 'jsonl'));
    expect(JSON.stringify(items)).not.toContain(secret);
  });

  it('detects gzip from the bytes, whatever the file name, and the format from the content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-'));
    const jsonl = join(dir, 'capture.data');
    writeFileSync(jsonl, gzipSync(`${line('/a')}\n${line('/b')}\n`));
    expect((await collect(readCapture(jsonl))).map((i) => i.kind)).toEqual(['exchange', 'exchange']);
    const har = join(dir, 'other.bin');
    writeFileSync(
      har,
      gzipSync(JSON.stringify({ log: { entries: [{ request: { method: 'post', url: '/x' }, response: { status: 0 } }] } })),
    );
    const items = await collect(readCapture(har));
    expect(items).toHaveLength(1);
    const only = items[0]!;
    expect(only.kind === 'exchange' && only.exchange.response).toBeUndefined();
    expect(only.kind === 'exchange' && only.exchange.request.method).toBe('POST');
  });

  it('decodes base64 bodies and keeps an already-parsed JSON body', async () => {
    const rec = {
      request: { method: 'POST', path: '/api/x', body: Buffer.from('{"a":1}').toString('base64'), bodyEncoding: 'base64' },
      response: { status: 200, body: { b: 2 } },
    };
    const [item] = await collect(readCaptureStream(chunkedStream(JSON.stringify(rec)), 'jsonl'));
    expect(item?.kind === 'exchange' && [item.exchange.request.body, item.exchange.response?.body]).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('reports a corrupt gzip tail as one unreadable item after what was read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-'));
    const file = join(dir, 'cut.jsonl.gz');
    const zipped = gzipSync(Buffer.from(`${line('/a')}\n`.repeat(2000)));
    writeFileSync(file, zipped.subarray(0, Math.floor(zipped.length * 0.6)));
    const items = await collect(readCapture(file));
    expect(items.length).toBeGreaterThan(1);
    expect(items.at(-1)).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringMatching(/^input ends early after this point: the gzip data is truncated/),
    });
    // Every whole line before the cut is read; the line the cut falls in is unreadable on its own.
    expect(items.slice(0, -2).every((i) => i.kind === 'exchange')).toBe(true);
    expect(items.at(-2)).toMatchObject({ kind: 'unreadable' });
  });

  it('refuses a missing file, a directory and a non-HAR .har as unusable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-'));
    await expect(collect(readCapture(join(dir, 'nope.jsonl')))).rejects.toThrow(/no such file/);
    await expect(collect(readCapture(dir))).rejects.toBeInstanceOf(UnusableInputError);
    const bad = join(dir, 'x.har');
    writeFileSync(bad, 'hello');
    await expect(collect(readCapture(bad))).rejects.toThrow(/not a HAR document/);
  });

  it('sniffs the format', () => {
    expect(detectFormat('-', Buffer.from('  {\n "log": {'))).toBe('har');
    expect(detectFormat('-', Buffer.from('{"request":{}}'))).toBe('jsonl');
    expect(detectFormat('a.HAR.gz', Buffer.from('{"request":{}}'))).toBe('har');
    expect(detectFormat('a.ndjson', Buffer.from('{"log":{}}'))).toBe('jsonl');
  });
});
