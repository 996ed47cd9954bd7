/**
 * The one path rule shared by the mock (routing) and the traffic validator (operation matching): which
 * documented path a request path means. RFC 3986 §6.2.2 normalisation plus collapsed slashes:
 *
 * - percent-escapes of unreserved characters are decoded (`%72` → `r`, `%2E` → `.`), other escapes keep their
 *   meaning and get upper-case hex (`%2f` → `%2F`; an encoded slash is not a separator); a `%` not followed by
 *   two hex digits stays as it is;
 * - runs of `/` collapse to one (`//a///b` → `/a/b`);
 * - `.` and `..` segments are removed (RFC 3986 §5.2.4); `..` never climbs above the root;
 * - the result starts with `/`; a trailing slash is kept (`/a/` is not `/a`).
 *
 * Only the path: cut the query and fragment first. Signatures are made over the path as sent, so protocol code
 * keeps using the raw path; this rule is for deciding which operation a request addresses.
 */
export function normalizePath(path: string): string {
  const decoded = path.replace(/%([0-9a-fA-F]{2})/g, decodeUnreservedEscape);
  const segments = decoded.split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === '..') out.pop();
    if (segment === '.' || segment === '..' || segment === '') {
      // A dot segment or an empty one at the end still means "this directory": keep the trailing slash.
      if (last && i > 0) out.push('');
      continue;
    }
    out.push(segment);
  }
  return `/${out.join('/')}`;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

function decodeUnreservedEscape(sequence: string, hex: string): string {
  const char = String.fromCharCode(Number.parseInt(hex, 16));
  return UNRESERVED.test(char) ? char : sequence.toUpperCase();
}
