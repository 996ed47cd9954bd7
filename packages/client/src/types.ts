import type { Operation as TableEntry } from '@zoloz-openapi/generated/operations';
import type { operations } from '@zoloz-openapi/generated/types';

/** Every operationId in the spec, e.g. `connectInitialize`, `realIdCheckResult`. */
export type OperationId = keyof operations & string;

// The JSON body the caller writes; the encrypted (`RSA_AES`) form is produced by the client itself.
type BodyOf<T> = T extends { content: infer C }
  ? C extends { 'application/json': infer B }
    ? B
    : C extends { 'application/json; charset=UTF-8': infer B }
      ? B
      : never
  : never;

/** The typed request body of an operation (generated from the spec). */
export type ZolozRequest<K extends OperationId> = BodyOf<NonNullable<operations[K]['requestBody']>>;

type Responses<K extends OperationId> = operations[K]['responses'];
type SuccessStatus<K extends OperationId> = Extract<keyof Responses<K>, 200 | '200'>;

/** The typed body of an operation's HTTP 200 response (generated from the spec). */
export type ZolozResponse<K extends OperationId> = BodyOf<Responses<K>[SuccessStatus<K>]>;

/** `result` of an operation's response: `resultStatus` (`S` | `F` | `U`), `resultCode`, `resultMessage`. */
export type ZolozResult<K extends OperationId> = ZolozResponse<K> extends { result: infer R } ? R : never;

/** The namespaces the client groups methods under (`zoloz.connect.*`, `zoloz.realId.*`): from the operations table. */
export type Product = TableEntry['clientNamespace'];

export interface CallOptions {
  /** Abort this call (all attempts). */
  readonly signal?: AbortSignal;
  /** Per-attempt timeout for this call; overrides the client's `timeoutMs`. */
  readonly timeoutMs?: number;
  /** Extra, unsigned HTTP headers (e.g. `Prefer: example=…` for a Prism mock). */
  readonly headers?: Readonly<Record<string, string>>;
}

export type OperationMethod<K extends OperationId> = (body: ZolozRequest<K>, options?: CallOptions) => Promise<ZolozResponse<K>>;

/** The methods of one namespace, named as the generated operations table names them (`connectCheckResult` → `checkResult`). */
export type ProductMethods<P extends Product> = {
  [E in Extract<TableEntry, { clientNamespace: P }> as E['clientMethod']]: OperationMethod<E['operationId'] & OperationId>;
};
