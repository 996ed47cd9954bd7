// A HAR 1.2 entry for a JSONL exchange record (docs/traffic-jsonl-format.md), written by the one recorder's
// HAR writer (@zoloz-openapi/gateway-protocol/record), so the benches read captures shaped as the mock and proxy write them.
import { toHarEntry } from '@zoloz-openapi/gateway-protocol/record';

const pairs = (headers) => Object.entries(headers);

export function harEntryOf(record) {
  return toHarEntry({
    id: 0,
    startedAt: new Date('2026-11-23T11:40:00.000Z'),
    durationMs: 1,
    request: {
      method: 'POST',
      url: record.request.url,
      httpVersion: '1.1',
      headers: pairs(record.request.headers),
      body: record.request.body,
      bodyBytes: Buffer.byteLength(record.request.body ?? ''),
    },
    response: { status: 200, statusText: 'OK', headers: pairs(record.response.headers), body: record.response.body },
  });
}
