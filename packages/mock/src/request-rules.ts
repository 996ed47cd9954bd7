/**
 * The request rules in front of Prism (after the gateway's own checks, request-check.ts): the generated (precompiled) contract validators — the same ones
 * `zoloz-openapi validate-body` uses — judge each JSON request body before Prism sees it, so the mock refuses
 * exactly what the contract refuses, whatever keywords Prism evaluates (Prism 5.14.2 happens to evaluate the
 * spec's `if`/`then` request rules too; it ignores `discriminator`, and nothing pins its keyword support). A
 * refused request gets the answer Prism gives any other invalid request: the operation's `default` response
 * (`INVALID_ARGUMENT`, status `F`), as HTTP 422 — never a success example, whatever `Prefer` asks for.
 */
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import * as validators from '@zoloz-openapi/generated/validators';
import { operations } from '@zoloz-openapi/generated/operations';

const require = createRequire(import.meta.url);

/** An answer given instead of Prism's (same shape as a forwarded one). */
export interface RequestRefusal {
  readonly status: number;
  readonly headers: Array<[string, string]>;
  readonly body: string;
  /** The first violation: where and which keyword (no values: bodies may carry personal data). */
  readonly violation: { readonly instancePath: string; readonly keyword: string };
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

interface PathCheck {
  readonly validate: Validate;
  readonly answer: string;
}

const REFUSAL_STATUS = 422; // what Prism answers an invalid request with (the spec's `default` response)

let checks: ReadonlyMap<string, PathCheck> | undefined;

/** Per API path of the bundled spec: its request validator and its `default` answer. */
function pathChecks(): ReadonlyMap<string, PathCheck> {
  if (checks) return checks;
  const spec = require('@zoloz-openapi/generated/openapi.json') as {
    paths: Record<
      string,
      Record<
        string,
        { responses?: Record<string, { content?: Record<string, { example?: unknown; examples?: Record<string, unknown> }> }> }
      >
    >;
    components: { examples?: Record<string, { value?: unknown }> };
  };
  const table = new Map<string, PathCheck>();
  for (const op of operations) {
    const validate = (validators as unknown as Record<string, Validate>)[op.requestValidator];
    const media = spec.paths[op.path]?.[op.method]?.responses?.default?.content?.['application/json'];
    const example = media?.example ?? Object.values(media?.examples ?? {})[0];
    const value = (example as { $ref?: string; value?: unknown } | undefined)?.$ref
      ? spec.components.examples?.[(example as { $ref: string }).$ref.split('/').pop()!]?.value
      : ((example as { value?: unknown } | undefined)?.value ?? example);
    if (validate && value !== undefined) table.set(op.path, { validate, answer: JSON.stringify(value) });
  }
  checks = table;
  return table;
}

/** Checks a parsed JSON request body for `path`; a refusal when it breaks the contract, else undefined. */
export function checkRequestRules(path: string, body: unknown): RequestRefusal | undefined {
  const check = pathChecks().get(path);
  if (!check || check.validate(body)) return undefined;
  const first = check.validate.errors?.[0];
  return {
    status: REFUSAL_STATUS,
    headers: [['Content-Type', 'application/json']],
    body: check.answer,
    violation: { instancePath: first?.instancePath ?? '', keyword: first?.keyword ?? 'unknown' },
  };
}

/**
 * The same for a raw request as it arrives in plain mode: only a JSON object body is judged; anything else
 * (not JSON, `text/plain`) goes on to Prism, which answers it as before.
 */
export function checkRawRequestRules(path: string, contentType: string | undefined, raw: Buffer): RequestRefusal | undefined {
  if (!/^\s*application\/json/i.test(contentType ?? '')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return checkRequestRules(path, body);
}
