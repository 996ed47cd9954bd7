// What the packages rely on in generated/: the operations table mirrors the spec's extensions, the
// personal-data table covers every marked field, and the validators are cheap on large images.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { personalData } from '@zoloz-openapi/generated/personal-data';
import { CONTENT_TYPE_ENCRYPTED } from '@zoloz-openapi/gateway-protocol';
import { dereferenced, operations, spec } from './support/spec.js';
import { validate, validatorSets } from './support/validators.js';

const require = createRequire(import.meta.url);

describe('operations table', () => {
  it('has the five operations with their contract operationIds, paths and ZOLOZ method names', () => {
    expect(operations.map((o) => [o.operationId, o.path, o.zolozMethod])).toEqual([
      ['connectInitialize', '/api/v1/zoloz/connect/initialize', 'v1.zoloz.connect.initialize'],
      ['connectCheckResult', '/api/v1/zoloz/connect/checkresult', 'v1.zoloz.connect.checkresult'],
      ['connectEnroll', '/api/v1/zoloz/connect/enroll', 'v1.zoloz.connect.enroll'],
      ['realIdInitialize', '/api/v1/zoloz/realid/initialize', 'v1.zoloz.realid.initialize'],
      ['realIdCheckResult', '/api/v1/zoloz/realid/checkresult', 'v1.zoloz.realid.checkresult'],
    ]);
  });

  it('describes the RSA_AES body once, as the wire protocol sends it, and not as a second media type', () => {
    for (const op of operations) {
      expect(op.encryptedRequest, op.operationId).toEqual({ algorithm: 'RSA_AES', contentType: CONTENT_TYPE_ENCRYPTED });
      expect(Object.keys(spec.paths[op.path]![op.method].requestBody.content), op.operationId).toEqual(['application/json']);
    }
  });

  it('names each operation on the client once, for the client and the docs samples alike', () => {
    expect(operations.map((o) => `${o.clientNamespace}.${o.clientMethod}`)).toEqual([
      'connect.initialize',
      'connect.checkResult',
      'connect.enroll',
      'realId.initialize',
      'realId.checkResult',
    ]);
  });

  it('takes idempotency from x-idempotent: only checkresult may be retried', () => {
    for (const op of operations) {
      expect(op.idempotent).toBe(spec.paths[op.path]!.post['x-idempotent']);
    }
    expect(operations.filter((o) => o.idempotent).map((o) => o.operationId)).toEqual(['connectCheckResult', 'realIdCheckResult']);
  });

  it('lists the API-specific codes of each page plus the common codes, each code once', () => {
    const byId = Object.fromEntries(operations.map((o) => [o.operationId, o.resultCodes]));
    // SUCCESS and SYSTEM_ERROR are on every page too, but they are common codes: listed once, as common.
    expect(byId.connectCheckResult!.filter((c) => c.source === 'api').map((c) => c.code)).toEqual([
      'INVALID_ARGUMENT',
      'NOT_SAME_PERSON',
      'UNABLE_GET_IMAGE',
      'PROCESSING',
    ]);
    for (const codes of Object.values(byId)) {
      expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length);
      expect(codes.filter((c) => c.code === 'SUCCESS' || c.code === 'SYSTEM_ERROR').map((c) => c.source)).toEqual(['common', 'common']);
    }
    for (const codes of Object.values(byId)) {
      expect(codes.map((c) => c.code)).toEqual(
        expect.arrayContaining(['SIGNATURE_INVALID', 'PARAM_MISSING', 'PROCESS_TIMEOUT', 'SYSTEM_ERROR']),
      );
      expect(codes.find((c) => c.code === 'SYSTEM_ERROR')!.status).toBe('U');
    }
  });
});

describe('personal data marks', () => {
  const classes = (id: keyof typeof personalData, where: 'request' | 'response') =>
    Object.fromEntries(personalData[id][where].map((f) => [f.path.join('/'), f.class]));

  it('marks face and document images, ID numbers, names and OCR data in RealID checkresult', () => {
    expect(classes('realIdCheckResult', 'response')).toMatchObject({
      'extBasicInfo/certNo': 'idNumber',
      'extBasicInfo/certName': 'name',
      'extFaceInfo/faceImg': 'faceImage',
      'extFaceInfo/extraImages/*': 'faceImage',
      'extIdInfo/frontPageImg': 'documentImage',
      'extIdInfo/backPageImg': 'documentImage',
      'extIdInfo/extraImages/*': 'documentImage',
      'extIdInfo/ocrResult': 'documentData',
    });
  });

  it('marks every base64 payload reachable from every request and response', () => {
    // Walk the dereferenced schemas: every string with contentEncoding base64 must be a marked image.
    const base64Paths = (schema: any, at: string[] = [], out: string[] = []): string[] => {
      if (!schema || typeof schema !== 'object') return out;
      if (schema.contentEncoding === 'base64') out.push(at.join('/'));
      for (const [k, v] of Object.entries(schema.properties ?? {})) base64Paths(v, [...at, k], out);
      if (typeof schema.additionalProperties === 'object') base64Paths(schema.additionalProperties, [...at, '*'], out);
      if (schema.items) base64Paths(schema.items, [...at, '*'], out);
      for (const k of ['allOf', 'anyOf', 'oneOf']) for (const s of schema[k] ?? []) base64Paths(s, at, out);
      return out;
    };
    let images = 0;
    for (const op of operations) {
      for (const where of ['request', 'response'] as const) {
        const marked = classes(op.operationId, where);
        const name = where === 'request' ? op.requestSchema : op.responseSchema;
        for (const p of base64Paths(dereferenced.components.schemas[name])) {
          images++;
          expect(marked[p], `${op.operationId} ${where} ${p}`).toMatch(/^(face|document)Image$/);
        }
      }
    }
    expect(images).toBe(8);
  });
});

describe('validators on large images', () => {
  const source = fs.readFileSync(require.resolve('@zoloz-openapi/generated/validators'), 'utf8');

  it('never walk strings code point by code point (Ajv unicode: false) and carry no regex on images', () => {
    expect(source).not.toContain('ucs2length');
    for (const name of ['FaceImage', 'DocumentImage']) {
      expect(spec.components.schemas[name]).not.toHaveProperty('pattern');
      expect(spec.components.schemas[name]).not.toHaveProperty('maxLength');
    }
  });

  it.each(validatorSets)('%s: a 2 MB image validates, and one past a maxLength is still caught', (_kind, { contract }) => {
    const image = Buffer.alloc(1_600_000, 7).toString('base64');
    expect(image.length).toBeGreaterThan(2_000_000);
    expect(validate(contract, 'ConnectEnrollRequest', { bizId: '1', userId: 'u', base64ImageContent: image })).toEqual([]);
    const errors = validate(contract, 'ConnectEnrollRequest', { bizId: '1'.repeat(33), userId: 'u', base64ImageContent: image });
    expect(errors.map((e) => [e.keyword, e.instancePath])).toEqual([['maxLength', '/bizId']]);
  });
});
