// Type tests, checked by `tsc --noEmit -p packages/client/test/tsconfig.types.json` (run from types.test.ts).
// Every `@ts-expect-error` must stay used: tsc fails with TS2578 when one no longer catches an error.
import { createZolozClient, type ZolozResponse, type ZolozResult, type ZolozRequest } from '@zoloz-openapi/client';
import { CLIENT_ID, SANDBOX_URL } from '../../../test/support/ids.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T): void => undefined;

declare const merchantPrivateKey: string;
declare const zolozPublicKey: string;
const base = { baseUrl: SANDBOX_URL, clientId: CLIENT_ID, merchantPrivateKey } as const;
const zoloz = createZolozClient({ ...base, zolozPublicKey });

const h5ModeConfig = { completeCallbackUrl: 'https://m.example/done', interruptCallbackUrl: 'https://m.example/stop' };

export async function typedCalls(): Promise<void> {
  const res = await zoloz.realId.initialize({ bizId: 'b', userId: 'u', flowType: 'H5_REALIDLITE_KYC', metaInfo: 'MOB_H5', h5ModeConfig });
  assertType<Equals<typeof res, ZolozResponse<'realIdInitialize'>>>(true);
  assertType<Equals<typeof res.result.resultStatus, 'S' | 'F' | 'U'>>(true);
  const tx: string | undefined = res.transactionId;
  void tx;

  const check = await zoloz.connect.checkResult({ bizId: 'b', transactionId: 't' });
  // resultCode is typed per operation: NOT_SAME_PERSON exists for Connect checkresult…
  if (check.result.resultCode === 'NOT_SAME_PERSON') void check.connectResult;
  // @ts-expect-error …and a code that no operation defines does not compare
  if (check.result.resultCode === 'NOT_A_CODE') void 0;

  const enroll = await zoloz.connect.enroll({ bizId: 'b', userId: 'u', base64ImageContent: 'aGk=' });
  void enroll.result.resultMessage;
  await zoloz.connect.initialize({ bizId: 'b', userId: 'u', metaInfo: 'MOB_H5' });
  await zoloz.realId.checkResult({ bizId: 'b', transactionId: 't' }, { timeoutMs: 5_000, signal: AbortSignal.timeout(10_000) });
  await zoloz.call('realIdCheckResult', { bizId: 'b', transactionId: 't' });

  // @ts-expect-error wrong field name (bizID)
  await zoloz.realId.initialize({ bizID: 'b', userId: 'u', flowType: 'H5_REALIDLITE_KYC', metaInfo: 'MOB_H5' });
  // @ts-expect-error wrong field type (bizId is a string)
  await zoloz.connect.checkResult({ bizId: 42, transactionId: 't' });
  // @ts-expect-error value outside the enum (flowType)
  await zoloz.realId.initialize({ bizId: 'b', userId: 'u', flowType: 'H5_KYC', metaInfo: 'MOB_H5' });
  // @ts-expect-error missing required field (transactionId)
  await zoloz.realId.checkResult({ bizId: 'b' });
  // @ts-expect-error unknown extra field on a closed object literal
  await zoloz.connect.checkResult({ bizId: 'b', transactionId: 't', isReturnImage: 'Y', foo: 1 });
  // @ts-expect-error no such method
  await zoloz.connect.delete({ bizId: 'b' });
  // @ts-expect-error no such operation
  await zoloz.call('connectDelete', {});
  // @ts-expect-error the response of checkresult has no clientCfg
  void check.clientCfg;
}

export function options(): void {
  // @ts-expect-error zolozPublicKey is required unless verification is switched off explicitly
  createZolozClient({ ...base });
  createZolozClient({ ...base, verifyResponses: false });
  // @ts-expect-error verifyResponses takes only `false` to opt out
  createZolozClient({ ...base, zolozPublicKey, verifyResponses: 'no' });
  // @ts-expect-error validateResponses is 'off' | 'warn' | 'throw'
  createZolozClient({ ...base, zolozPublicKey, validateResponses: true });
  createZolozClient({ ...base, zolozPublicKey, encrypt: { aesKeyBits: 128 }, validateResponses: 'warn', retry: { maxAttempts: 2 } });
  // @ts-expect-error AES keys are 128 or 256 bits
  createZolozClient({ ...base, zolozPublicKey, encrypt: { aesKeyBits: 192 } });
}

// Helper types resolve to the spec's schemas.
assertType<Equals<ZolozRequest<'connectCheckResult'>['bizId'], string>>(true);
assertType<Equals<ZolozResult<'realIdCheckResult'>['resultStatus'], 'S' | 'F' | 'U'>>(true);
