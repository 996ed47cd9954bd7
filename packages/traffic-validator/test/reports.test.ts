import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { JunitReport } from '../src/report/junit-report.js';
import { PrettyReport } from '../src/report/pretty-report.js';
import { SarifReport } from '../src/report/sarif-report.js';
import { exitCodeFor } from '../src/report/sink.js';
import type { ExchangeRecord } from '../src/types.js';
import { exchangeRecord, requestExample, responseExample, spec, toJsonl, type TableOperation } from './support/fixtures.js';
import { render, renderJson, validateText } from './support/run.js';

let records: ExchangeRecord[];
beforeAll(async () => {
  const runtime = await spec();
  const op = runtime.operations.find((o) => o.operationId === 'connectCheckResult')! as TableOperation;
  const success = op.examples.responses.find((r) => r.resultCode === 'SUCCESS')!;
  const good = exchangeRecord(op, requestExample(op, op.examples.requests[0]!), responseExample(op, success.name, success.status));
  const bad = (n: number) => {
    const request = { ...requestExample(op, op.examples.requests[0]!), bizId: n, extra: '<&>"' };
    return exchangeRecord(op, request, responseExample(op, success.name, success.status));
  };
  const text = `${toJsonl([good, bad(1), bad(2), bad(3), { ...good, request: { ...good.request, url: '/api/v1/zoloz/nope' } }])}not json <&>\n`;
  ({ records } = await validateText(runtime, text, 'jsonl', { flow: false }));
});

describe('report formats', () => {
  it('JSON: one record per item, summary adding up, valid against the report schema', () => {
    const report = renderJson(records);
    expect(report.exchanges).toHaveLength(6);
    expect(report.summary).toEqual({
      total: 6,
      valid: 1,
      invalid: 3,
      undocumented: 1,
      unreadable: 1,
      violations: 3,
      undocumentedFields: 3,
    });
    expect(exitCodeFor(report.summary)).toBe(1);
    expect(report.exchanges[1].violations[0]).toEqual({
      direction: 'request',
      category: 'schema',
      pointer: '/bizId',
      keyword: 'type',
      message: '/bizId must be string',
      value: { shown: 'value', value: 1 },
    });
  });

  it('pretty: grouped and deduplicated, with counts and locations', () => {
    const text = render(new PrettyReport(), records);
    expect(text).toContain('x3  [schema/type] /bizId must be string');
    expect(text).toContain('at line 2, line 3, line 4; first value 1');
    expect(text).toContain('x3  /extra');
    expect(text).toContain('POST /api/v1/zoloz/nope');
    expect(text).toContain('x1  not valid JSON\n         at line 6');
    expect(text).toMatch(/Summary: 6 exchange\(s\): 1 valid, 3 invalid, 1 undocumented, 1 unreadable/);
    expect(text.match(/must be string/g)).toHaveLength(1);
  });

  it('JUnit: well-formed XML, one test case per exchange, failures and errors counted', () => {
    const xml = render(new JunitReport(), records);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml);
    const root = doc.testsuites;
    expect([root['@_tests'], root['@_failures'], root['@_errors']]).toEqual(['6', '4', '1']);
    const cases = root.testsuite.flatMap((s: any) => s.testcase);
    expect(cases).toHaveLength(6);
    expect(root.testsuite.map((s: any) => s['@_name'])).toEqual(['connectCheckResult', 'undocumented-operations', 'unreadable']);
  });

  it('SARIF 2.1.0: rules declared, one result per finding with its location', () => {
    const sarif = JSON.parse(render(new SarifReport(), records));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    const ruleIds = run.tool.driver.rules.map((r: any) => r.id);
    for (const result of run.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(result.message.text).toEqual(expect.any(String));
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('capture.jsonl');
    }
    const counts: Record<string, number> = {};
    for (const r of run.results as any[]) counts[r.ruleId] = (counts[r.ruleId] ?? 0) + 1;
    expect(counts).toEqual({ schema: 3, 'undocumented-field': 3, 'undocumented-operation': 1, unreadable: 1 });
    expect(run.results.find((r: any) => r.ruleId === 'unreadable').locations[0].physicalLocation.region).toEqual({ startLine: 6 });
    expect(run.invocations[0].properties.summary.total).toBe(6);
  });
});
