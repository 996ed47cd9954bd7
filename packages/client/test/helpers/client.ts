import { createZolozClient, type ZolozClientOptions } from '@zoloz-openapi/client';
import { CLIENT_ID, merchant, zoloz } from './keys.js';

/** A client wired to the test keys; the portal-style base64 DER formats on purpose. */
export function testClient(baseUrl: string, over: Partial<ZolozClientOptions> = {}) {
  return createZolozClient({
    baseUrl,
    clientId: CLIENT_ID,
    merchantPrivateKey: merchant.privateDerB64,
    zolozPublicKey: zoloz.publicDerB64,
    timeoutMs: 5_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...over,
  } as ZolozClientOptions);
}

export const checkResultBody = { bizId: '2017839040588699', transactionId: 'G000000005FID20200304000000000001570702' };
export const initializeBody = {
  bizId: '2017839040588699',
  userId: 'user-0001',
  flowType: 'H5_REALIDLITE_KYC',
  metaInfo: 'MOB_H5',
  h5ModeConfig: { completeCallbackUrl: 'https://merchant.example/done', interruptCallbackUrl: 'https://merchant.example/stop' },
} as const;
