// A HAR 1.2 entry for a JSONL exchange record (docs/traffic-jsonl-format.md), as the benches write captures.
const pairs = (headers) => Object.entries(headers).map(([name, value]) => ({ name, value }));

export function harEntryOf(record) {
  return {
    startedDateTime: '2026-11-23T11:40:00.000Z',
    time: 1,
    request: {
      method: 'POST',
      url: record.request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(record.request.headers),
      queryString: [],
      postData: { mimeType: record.request.headers['Content-Type'], text: record.request.body },
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(record.response.headers),
      content: { size: -1, mimeType: record.response.headers['Content-Type'], text: record.response.body },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  };
}
