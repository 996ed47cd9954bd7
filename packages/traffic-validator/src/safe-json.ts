import { describeLimit } from '@zoloz-openapi/gateway-protocol';
import { depthExceeds, valueDepthExceeds } from './json-depth.js';

/**
 * JSON.parse whose error never quotes the input (V8's messages include a snippet of the text, which may be a face
 * image or an ID number), and which refuses JSON nested deeper than `maxDepth`: the parsed value is walked
 * recursively later (validators, redaction, JSON.stringify), so depth is bounded here, once.
 */
export type ParseOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** Texts longer than this are counted before parsing (see json-depth.ts); shorter ones after, on the value. */
const PRESCAN_CHARS = 1 << 20;

export function parseJsonSafely(text: string, maxDepth: number): ParseOutcome {
  // Infinity: the caller has counted the depth already (the HAR scanner does, as it cuts entries).
  const bounded = maxDepth !== Number.POSITIVE_INFINITY;
  if (bounded && text.length > PRESCAN_CHARS && depthExceeds(text, maxDepth)) return { ok: false, error: tooDeep(maxDepth) };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, error: describeJsonError(error, text.length) };
  }
  if (bounded && text.length <= PRESCAN_CHARS && valueDepthExceeds(value, maxDepth)) return { ok: false, error: tooDeep(maxDepth) };
  return { ok: true, value };
}

export function tooDeep(maxDepth: number): string {
  return `nested deeper than ${describeLimit('depth', maxDepth)}`;
}

export function describeJsonError(error: unknown, length: number): string {
  const message = error instanceof Error ? error.message : '';
  if (length === 0 || /end of JSON input/i.test(message)) return length === 0 ? 'empty text, not JSON' : 'JSON text ends early (truncated)';
  const position = /position (\d+)/.exec(message)?.[1];
  return position === undefined ? 'not valid JSON' : `not valid JSON (at character ${position})`;
}
