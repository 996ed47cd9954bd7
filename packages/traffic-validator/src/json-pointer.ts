/** RFC 6901 helpers. */
export function escapeToken(token: string): string {
  return token.includes('~') || token.includes('/') ? token.replace(/~/g, '~0').replace(/\//g, '~1') : token;
}

export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => (t.includes('~') ? t.replace(/~1/g, '/').replace(/~0/g, '~') : t));
}

export function appendToken(pointer: string, token: string): string {
  return `${pointer}/${escapeToken(token)}`;
}

export type Resolved = { readonly found: true; readonly value: unknown } | { readonly found: false };

export function resolvePointer(document: unknown, tokens: readonly string[]): Resolved {
  let current: unknown = document;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      const i = Number(token);
      if (!/^(0|[1-9]\d*)$/.test(token) || i >= current.length) return { found: false };
      current = current[i];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}
