// Every example in the spec and every sample of the seed pages (test/fixtures/seed-samples/) validates
// against the right schema, with the runtime-compiled and the standalone validators alike; the examples
// document only fields the spec lists (the strict validators accept them too).
import { describe, expect, it } from 'vitest';
import { examplesOf, operations } from './support/spec.js';
import { repair, seedPages } from './support/seed-samples.js';
import { validate, validatorSets } from './support/validators.js';

describe.each(validatorSets)('%s validators', (_kind, { contract, strict }) => {
  for (const op of operations) {
    describe(op.operationId, () => {
      it.each(examplesOf(op.operationId, 'request'))('request example %s is valid and fully documented', (_name, value) => {
        expect(validate(contract, op.requestSchema, value)).toEqual([]);
        expect(validate(strict, op.requestSchema, value)).toEqual([]);
      });
      it.each(examplesOf(op.operationId, 'response'))('response example %s is valid and fully documented', (_name, value) => {
        expect(validate(contract, op.responseSchema, value)).toEqual([]);
        expect(validate(strict, op.responseSchema, value)).toEqual([]);
      });
    });
  }

  describe('seed page samples (test/fixtures/seed-samples)', () => {
    for (const { page, samples } of seedPages()) {
      it.each(samples.map((s) => [`${page} lines ${s.lines} (${s.schema})`, s] as const))('%s validates', (_name, sample) => {
        expect(validate(contract, sample.schema, sample.value)).toEqual([]);
      });
    }
  });
});

describe('named examples cover the contract', () => {
  it.each(operations.map((o) => [o.operationId, o] as const))(
    '%s: every result code has a named 200 example with its status',
    (_id, op) => {
      const responses = new Map(examplesOf(op.operationId, 'response') as Array<[string, any]>);
      for (const code of op.resultCodes) {
        const example = responses.get(code.example);
        expect(example?.result?.resultCode, code.code).toBe(code.code);
        expect(['S', 'F', 'U']).toContain(example.result.resultStatus);
        expect(example.result.resultStatus === 'S').toBe(code.code === 'SUCCESS');
      }
      expect(op.resultCodes.length).toBeGreaterThanOrEqual(15 + 1);
    },
  );

  it('each request example has its -200 response pair, and RealID has native and H5 requests', () => {
    for (const op of operations) {
      for (const name of op.examples.requests) {
        expect(op.examples.responses.map((r) => r.name)).toContain(`${name}-200`);
      }
    }
    const realId = operations.find((o) => o.operationId === 'realIdInitialize')!;
    const requests = new Map(examplesOf('realIdInitialize', 'request') as Array<[string, any]>);
    expect(realId.examples.requests).toEqual(['realIdInitialize-native', 'realIdInitialize-h5']);
    expect(requests.get('realIdInitialize-h5')).toMatchObject({ flowType: 'H5_REALIDLITE_KYC', metaInfo: 'MOB_H5' });
    expect(requests.get('realIdInitialize-native')).toMatchObject({ flowType: 'REALIDLITE_KYC' });
    expect(JSON.parse(requests.get('realIdInitialize-native').metaInfo)).toHaveProperty('deviceType');
  });
});

describe('seed page fixtures', () => {
  const pages = seedPages();
  const samples = pages.flatMap((p) => p.samples.map((s) => ({ page: p.page, ...s })));

  it('cover all four pages and every operation in both directions', () => {
    expect(pages.map((p) => p.page)).toEqual([
      '000_6c702d54ca19833c.txt',
      '001_04196b5867b589cf.txt',
      '002_3a39e36dd82e9a1a.txt',
      '003_c824bc0b821fbbb2.txt',
    ]);
    const schemas = new Set(samples.map((s) => s.schema));
    for (const op of operations) {
      expect(schemas, op.operationId).toContain(op.requestSchema);
      expect(schemas, op.operationId).toContain(op.responseSchema);
    }
  });

  it.each(samples.map((s) => [`${s.page} lines ${s.lines}`, s] as const))(
    '%s: repaired only where the page JSON is broken, as stated',
    (_name, s) => {
      expect(s.section.length).toBeGreaterThan(0);
      expect(JSON.parse(repair(s.verbatim))).toEqual(s.value);
      if (s.repairs.length === 0) expect(JSON.parse(s.verbatim)).toEqual(s.value);
      else expect(() => JSON.parse(s.verbatim)).toThrow(SyntaxError);
    },
  );
});
