/** Where an exchange came from in the capture, so a reader can find it again. */
export type CaptureSource = { readonly format: 'har'; readonly entry: number } | { readonly format: 'jsonl'; readonly line: number };

/** Header names are lower-cased; a repeated header keeps its first value (the gateway sends each once). */
export type HeaderMap = ReadonlyMap<string, string>;

export interface CapturedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderMap;
  /** The body text exactly as sent (signatures cover these bytes); undefined when none was recorded. */
  readonly body: string | undefined;
}

export interface CapturedResponse {
  readonly status: number;
  readonly headers: HeaderMap;
  readonly body: string | undefined;
}

/** One request/response pair from a capture, format-independent. */
export interface Exchange {
  /** 0-based position in the input (counts unreadable items too). */
  readonly index: number;
  readonly source: CaptureSource;
  readonly id?: string;
  readonly request: CapturedRequest;
  readonly response: CapturedResponse | undefined;
}

/** What a capture reader yields: an exchange, or an item it could not read (reported, never dropped). */
export type CaptureItem =
  | { readonly kind: 'exchange'; readonly exchange: Exchange }
  | { readonly kind: 'unreadable'; readonly index: number; readonly source: CaptureSource; readonly reason: string };

export type Direction = 'request' | 'response';

/** A value as shown in a report: either itself (non-personal scalars) or a redacted description. */
export type ShownValue =
  | { readonly shown: 'value'; readonly value: string | number | boolean | null }
  | {
      readonly shown: 'redacted';
      /** JSON type of the value. */
      readonly type: string;
      /** Characters for strings, digits for numbers, items/keys for arrays/objects. */
      readonly length: number;
      /** Keyed hash (per-run key unless one is given) of scalar values: equal values compare equal within a report. */
      readonly hash?: string;
      /** The spec's data class when the field is marked personal; null when redacted for another reason (a container, a long text). */
      readonly personal: string | null;
    };

export type ViolationCategory = 'schema' | 'content-type' | 'header' | 'signature' | 'encryption' | 'body' | 'flow' | 'http';

export interface Violation {
  readonly direction: Direction | 'exchange';
  readonly category: ViolationCategory;
  /** JSON pointer into the body for schema violations; `/headers/<name>` for header checks; '' for the whole body. */
  readonly pointer: string;
  /** The JSON Schema keyword for schema violations, else a short rule id (e.g. `missing`, `format`). */
  readonly keyword: string;
  readonly message: string;
  readonly value?: ShownValue;
}

export interface UndocumentedField {
  readonly direction: Direction;
  /** Pointer to the object holding the field, plus the field name. */
  readonly pointer: string;
}

export type ExchangeStatus = 'valid' | 'invalid' | 'undocumented' | 'unreadable';

/** One line of the report per input item. */
export interface ExchangeRecord {
  readonly index: number;
  readonly source: CaptureSource;
  readonly id?: string | undefined;
  readonly status: ExchangeStatus;
  readonly method?: string | undefined;
  readonly path?: string | undefined;
  readonly operationId?: string | undefined;
  readonly httpStatus?: number | undefined;
  readonly encrypted?: boolean | undefined;
  /** Which protocol checks ran: signatures verified / bodies decrypted (only possible with --keys). */
  readonly checks?:
    | { readonly requestSignature: CheckOutcome; readonly responseSignature: CheckOutcome; readonly decryption: CheckOutcome }
    | undefined;
  readonly violations: readonly Violation[];
  readonly undocumentedFields: readonly UndocumentedField[];
  /** Only for unreadable items. */
  readonly reason?: string | undefined;
}

export type CheckOutcome = 'passed' | 'failed' | 'skipped' | 'not-applicable';

export interface Summary {
  readonly total: number;
  readonly valid: number;
  readonly invalid: number;
  readonly undocumented: number;
  readonly unreadable: number;
  readonly violations: number;
  readonly undocumentedFields: number;
}
