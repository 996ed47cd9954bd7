// Every example in the spec and every sample in the seed pages validates against the right schema,
// with the runtime-compiled and the standalone validators alike; the examples document only fields
// the spec lists (the strict validators accept them too).
import { describe, expect, it } from 'vitest';
import { examplesOf, operations } from './support/spec.js';
import { seedSamples } from './support/seeds.js';
import { validate, validatorSets } from './support/validators.js';

// Which schema each seed page's samples are, in the order they appear on the page.
const SEED_SAMPLES: Record<string, string[]> = {
  '000_6c702d54ca19833c.txt': [
    'ConnectInitializeRequest',
    'ConnectInitializeResponse',
    'ConnectCheckResultRequest',
    'ConnectCheckResultResponse',
    'ConnectEnrollRequest',
    'ConnectEnrollResponse',
  ],
  '001_04196b5867b589cf.txt': ['RealIdInitializeRequest', 'RealIdInitializeRequest', 'RealIdInitializeResponse'],
  '002_3a39e36dd82e9a1a.txt': ['ConnectCheckResultRequest', 'ConnectCheckResultResponse'],
  '003_c824bc0b821fbbb2.txt': ['RealIdCheckResultRequest', 'RealIdCheckResultResponse'],
};

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

  describe('seed page samples', () => {
    for (const [file, schemas] of Object.entries(SEED_SAMPLES)) {
      it(`${file}: ${schemas.length} samples validate`, () => {
        const samples = seedSamples(file);
        expect(samples).toHaveLength(schemas.length);
        samples.forEach((sample, i) => {
          expect({ sample: i, schema: schemas[i], errors: validate(contract, schemas[i]!, sample) }).toEqual({
            sample: i,
            schema: schemas[i],
            errors: [],
          });
        });
      });
    }
  });
});

describe('named examples cover the contract', () => {
  it.each(operations.map((o) => [o.operationId, o] as const))('%s: every result code has a named 200 example with its status', (_id, op) => {
    const responses = new Map(examplesOf(op.operationId, 'response') as Array<[string, any]>);
    for (const code of op.resultCodes) {
      const example = responses.get(code.example);
      expect(example?.result?.resultCode, code.code).toBe(code.code);
      expect(['S', 'F', 'U']).toContain(example.result.resultStatus);
      expect(example.result.resultStatus === 'S').toBe(code.code === 'SUCCESS');
    }
    expect(op.resultCodes.length).toBeGreaterThanOrEqual(15 + 1);
  });

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
