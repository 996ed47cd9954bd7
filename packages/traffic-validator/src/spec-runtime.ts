import type { FlowTable } from './flow-tracker.js';

/**
 * What the validator needs from the spec, as the build emits it under `generated/`. Kept as an
 * interface so the core can be driven by any build of the spec (and exercised in tests).
 */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string | undefined;
}

export type Validator = ((data: unknown) => boolean) & { errors?: readonly AjvError[] | null | undefined };

export interface OperationInfo {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly idempotent: boolean;
  readonly requestValidator: string;
  readonly responseValidator: string;
  readonly zolozMethod?: string | undefined;
}

export interface PersonalField {
  /** Property names; `*` stands for any key or array index. */
  readonly path: readonly string[];
  readonly class: string;
}

export interface PersonalDataMarks {
  readonly [operationId: string]: { readonly request?: readonly PersonalField[]; readonly response?: readonly PersonalField[] } | undefined;
}

export interface SpecRuntime {
  readonly operations: readonly OperationInfo[];
  /** Validators by exported name (`validateConnectInitializeRequest`, …). */
  readonly validators: Readonly<Record<string, unknown>>;
  /** The same names with `unevaluatedProperties: false` on documented objects. */
  readonly strictValidators: Readonly<Record<string, unknown>>;
  readonly personalData: PersonalDataMarks;
  /**
   * Validator names for responses other than 200, per operation and status (`default` included), from the
   * bundled spec's `responses`. The operations table names only the 200 validator.
   */
  readonly otherResponseValidators?: { readonly [operationId: string]: { readonly [status: string]: string } | undefined };
  /**
   * The result codes the gateway itself answers with (the spec's common codes other than SUCCESS): a plain answer
   * carrying one is accepted for an encrypted request (see encryption-mode.ts).
   */
  readonly gatewayErrorCodes?: readonly string[];
  /** The flows table (from the Arazzo description) the cross-exchange checks come from; none: no flow checks. */
  readonly flows?: FlowTable;
}

export function validatorNamed(table: Readonly<Record<string, unknown>>, name: string): Validator | undefined {
  const candidate = table[name];
  return typeof candidate === 'function' ? (candidate as Validator) : undefined;
}
