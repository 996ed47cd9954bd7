/** Retry policy for idempotent operations only (the generated operations table decides which those are). */
export interface RetryOptions {
  /** Total attempts including the first; default 3. `1` disables retries. */
  readonly maxAttempts?: number;
  /** First backoff delay; default 200 ms, doubled per retry. */
  readonly baseDelayMs?: number;
  /** Cap on one delay; default 2 000 ms. */
  readonly maxDelayMs?: number;
  /** Retry when the result's resultStatus is `U` (unknown); default true. */
  readonly retryOnUnknownResult?: boolean;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly retryOnUnknownResult: boolean;
}

export function retryPolicy(opts: RetryOptions | false | undefined): RetryPolicy {
  if (opts === false) return { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, retryOnUnknownResult: false };
  const maxAttempts = opts?.maxAttempts ?? 3;
  const baseDelayMs = opts?.baseDelayMs ?? 200;
  const maxDelayMs = opts?.maxDelayMs ?? 2_000;
  for (const [name, v] of Object.entries({ maxAttempts, baseDelayMs, maxDelayMs })) {
    if (!Number.isFinite(v) || v < 0 || (name === 'maxAttempts' && (!Number.isInteger(v) || v < 1))) {
      throw new RangeError(`retry.${name} must be a ${name === 'maxAttempts' ? 'positive integer' : 'non-negative number'}`);
    }
  }
  return { maxAttempts, baseDelayMs, maxDelayMs, retryOnUnknownResult: opts?.retryOnUnknownResult ?? true };
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries of many clients spread out. */
export function backoffDelay(policy: RetryPolicy, retryNumber: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
  return exp / 2 + (exp / 2) * random();
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
