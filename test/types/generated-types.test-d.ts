// Type tests of the generated types (compiled by test/generated-types.test.ts with tsc --strict).
// Each @ts-expect-error must fail to compile; an unused one is itself an error.
import type { components, paths } from '@zoloz-openapi/generated/types';
import type { ConnectExtFaceInfo, ConsistencyCheckItem, RealIdInitializeRequest } from '@zoloz-openapi/generated/models';
import type { operationsById } from '@zoloz-openapi/generated/operations';
import { validateConnectCheckResultResponse } from '@zoloz-openapi/generated/validators';

type Schemas = components['schemas'];

const request: Schemas['RealIdInitializeRequest'] = {
  bizId: '2017839040588699',
  userId: '123456abcd',
  flowType: 'H5_REALIDLITE_KYC',
  metaInfo: 'MOB_H5',
  h5ModeConfig: { completeCallbackUrl: 'https://example.test/done', interruptCallbackUrl: 'https://example.test/stop' },
  productConfig: { consistencyCheck: [{ type: 'passportCountryCheck', valueRange: ['CHN'] }] },
};
void request;

// @ts-expect-error flowType is an enumeration
const badFlow: Schemas['RealIdInitializeRequest'] = { ...request, flowType: 'KYC' };
// @ts-expect-error bizId is required
const missing: Schemas['ConnectEnrollRequest'] = { userId: 'u', base64ImageContent: 'x' };
// @ts-expect-error faceScore is a decimal number, not a string
const score: Schemas['ConnectExtFaceInfo'] = { faceScore: '89.1' };
// @ts-expect-error faceAttack is a real boolean
const attack: ConnectExtFaceInfo = { faceAttack: 'false' };
// @ts-expect-error flags are "Y" / "N" strings
const flag: Schemas['ProductConfig'] = { cropDocImage: true };
// @ts-expect-error an unknown ConsistencyCheckItem type
const item: ConsistencyCheckItem = { type: 'faceConsistencyCheck' };
// @ts-expect-error a misspelled field name
const typo: RealIdInitializeRequest = { ...request, userID: 'x' };
void [badFlow, missing, score, attack, flag, item, typo];

// Result codes are typed per operation.
type InitCode = Schemas['ConnectInitializeResult']['resultCode'];
const code: InitCode = 'HIGH_RISK';
// @ts-expect-error NOT_SAME_PERSON belongs to checkresult, not initialize
const wrongCode: InitCode = 'NOT_SAME_PERSON';
const status: Schemas['ResultStatus'] = 'U';
void [code, wrongCode, status];

// Request bodies through paths.
type Body = paths['/api/v1/zoloz/connect/checkresult']['post']['requestBody']['content']['application/json'];
const body: Body = { bizId: '1', transactionId: 'G1' };
void body;

// The operations table keeps literal types: idempotency is known at compile time.
const idempotent: true = null as unknown as (typeof operationsById)['realIdCheckResult']['idempotent'];
// @ts-expect-error initialize is not idempotent
const notIdempotent: true = null as unknown as (typeof operationsById)['realIdInitialize']['idempotent'];
void [idempotent, notIdempotent];

// Validators are type guards.
const data: unknown = JSON.parse('{}');
if (validateConnectCheckResultResponse(data)) {
  const s: 'S' | 'F' | 'U' = data.result.resultStatus;
  void s;
}
