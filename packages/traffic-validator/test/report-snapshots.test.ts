// The four report formats and the help texts pinned as file snapshots: any change to what a user or a CI
// job reads shows up in review as a diff of test/__snapshots__/. (Update with `npx vitest run -u`.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHelp } from '@zoloz-openapi/gateway-protocol/command';
import { describe, expect, it } from 'vitest';
import { COMMANDS, mainHelp } from '../src/cli.js';
import { JsonReport } from '../src/report/json-report.js';
import { JunitReport } from '../src/report/junit-report.js';
import { PrettyReport } from '../src/report/pretty-report.js';
import { SarifReport } from '../src/report/sarif-report.js';
import type { ReportSink } from '../src/report/sink.js';
import { runTrafficReport } from '../src/validate-traffic.js';
import { CLIENT_ID, HOST, requestExample, responseExample, spec, toJsonl, type TableOperation } from './support/fixtures.js';

// Headers of the right shape, not signed: without --keys the report checks shape only, and fixed bytes keep
// the snapshot stable (signatures over a per-run key would not be).
const headers = (time: string, contentType = 'application/json; charset=UTF-8') => ({
  'Content-Type': contentType,
  'Client-Id': CLIENT_ID,
  'Request-Time': time,
  Signature: 'algorithm=RSA256, signature=c2lnbmF0dXJlLW9mLWEtZml4dHVyZQ%3D%3D',
});

function record(op: TableOperation, request: unknown, response: unknown, id: string) {
  return {
    id,
    request: { method: 'POST', url: `${HOST}${op.path}`, headers: headers('2026-11-23T11:40:00+0000'), body: JSON.stringify(request) },
    response: {
      status: 200,
      headers: { ...headers('2026-11-23T11:40:01+0000'), 'Response-Time': '2026-11-23T11:40:01+0000' },
      body: JSON.stringify(response),
    },
  };
}

const SINKS: Record<string, () => ReportSink> = {
  pretty: () => new PrettyReport(),
  json: () => new JsonReport(),
  junit: () => new JunitReport(),
  sarif: () => new SarifReport(),
};

describe('report formats (file snapshots)', async () => {
  const runtime = await spec();
  const op = (id: string) => runtime.operations.find((o) => o.operationId === id)!;
  const init = op('realIdInitialize');
  const ok = init.examples.responses.find((r) => r.resultCode === 'SUCCESS')!;
  const good = requestExample(init, init.examples.requests[0]!);
  const bad = { ...good, bizId: 7, undocumentedField: 'x' };
  delete (bad as Record<string, unknown>).flowType;
  const lines = [
    record(init, good, responseExample(init, ok.name, ok.status), 'valid'),
    record(init, bad, responseExample(init, ok.name, ok.status), 'invalid'),
    {
      id: 'undocumented',
      request: { method: 'POST', url: `${HOST}/api/v1/zoloz/nothing/here`, headers: headers('2026-11-23T11:40:00+0000'), body: '{}' },
      response: { status: 200, headers: {}, body: '{}' },
    },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'tv-snap-'));
  const file = join(dir, 'capture.jsonl');
  writeFileSync(file, `${toJsonl(lines)}{"request": not json\n`);

  it.each(Object.keys(SINKS))('%s', async (format) => {
    let text = '';
    await runTrafficReport(file, runtime, {
      sink: SINKS[format]!(),
      write: (t) => void (text += t),
      tool: { name: 'zoloz-openapi validate-traffic', version: '0.0.0-snapshot' },
      hashKey: 'snapshot-key',
    });
    await expect(text.split(dir).join('<dir>')).toMatchFileSnapshot(`__snapshots__/report.${format}.txt`);
  });
});

describe('help texts (file snapshots)', () => {
  it('zoloz-openapi', async () => {
    await expect(mainHelp()).toMatchFileSnapshot('__snapshots__/help.main.txt');
  });
  it.each(Object.keys(COMMANDS))('zoloz-openapi %s', async (name) => {
    await expect(renderHelp(COMMANDS[name] as never)).toMatchFileSnapshot(`__snapshots__/help.${name}.txt`);
  });
});
