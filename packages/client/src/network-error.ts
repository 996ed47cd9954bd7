/**
 * What failed when fetch threw, said without personal data: the errno/undici code when it is a plain code, and
 * the configured gateway's host:port (configuration, never request data). undici puts the code on `cause`.
 */
export function describeNetworkFailure(err: unknown, baseUrl: string): string {
  const code = networkCode(err);
  const target = hostAndPort(baseUrl);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${target} (ECONNREFUSED)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name not found: ${target} (${code})`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connect timeout to ${target} (${code})`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `response timeout from ${target} (${code})`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return `connection closed by ${target} (${code})`;
    case undefined:
      return `network error talking to ${target} (${err instanceof Error ? safeName(err.name) : 'unknown error'})`;
    default:
      return `${/CERT|TLS|SSL|SELF_SIGNED|VERIFY/.test(code) ? 'TLS failure' : 'network error'} talking to ${target} (${code})`;
  }
}

/** The first plain error code on the error or its causes (at most 4 levels), e.g. `ECONNREFUSED`. */
function networkCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,48}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function hostAndPort(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return 'the gateway';
  }
}

function safeName(name: string): string {
  return /^[A-Za-z]{1,40}$/.test(name) ? name : 'Error';
}
