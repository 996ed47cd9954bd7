import { operations, type Operation } from '@zoloz-openapi/generated/operations';

/**
 * The common gateway result codes, with the status and message the spec gives them (from the generated
 * operations table; every operation lists the same common codes). A wrong Client-Id gets
 * MERCHANT_NOT_FOUND: the gateway finds no merchant (and so no key) for it. ZOLOZ documents no
 * CLIENT_INVALID code.
 */
type CommonCode = Extract<Operation['resultCodes'][number], { source: 'common' }>;
export type GatewayResultCode = CommonCode['code'];
export const GATEWAY_RESULTS: ReadonlyMap<GatewayResultCode, { readonly status: string; readonly message: string }> = new Map(
  (operations[0].resultCodes as readonly Operation['resultCodes'][number][])
    .filter((c): c is CommonCode => c.source === 'common')
    .map((c) => [c.code, { status: c.status, message: c.description }]),
);

/** The body of a gateway error answer: `{"result":{resultStatus, resultCode, resultMessage}}` as the spec gives them. */
export function gatewayResultBody(code: GatewayResultCode): string {
  const { status: resultStatus, message } = GATEWAY_RESULTS.get(code)!;
  return JSON.stringify({ result: { resultStatus, resultCode: code, resultMessage: message } });
}
