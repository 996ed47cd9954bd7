/**
 * Issue 11 §4: nothing from the capture is echoed unless short and safe by its shape, in any of the four formats
 * or on stderr; key material never, not even a prefix.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleCapture, spec, toJsonl } from '../support/fixtures.js';
import { CRASH, cli, everyFormat, scratch } from '../support/cli.js';

let runtime: Awaited<ReturnType<typeof spec>>;
let pool: Record<string, any>[];
beforeAll(async () => {
  runtime = await spec();
  pool = exampleCapture(runtime.operations);
});

/** Unsafe for every name shape (a space), and long enough to be unsafe as a value too. */
const planted = () => `JOHN DOE ${randomBytes(32).toString('hex')}`;
/** Short, but not a token: unsafe as a method, header name, parameter name or path segment. */
const plantedShort = () => `JD ${randomBytes(4).toString('hex')}`;

function expectAbsent(outputs: readonly string[], secrets: readonly string[]): void {
  for (const out of outputs) {
    for (const secret of secrets) {
      expect(out).not.toContain(secret);
      // Not even a recognisable piece of it.
      expect(out).not.toContain(secret.slice(-16));
    }
  }
}

describe('values from the capture are shown only by the display rule', () => {
  it('method, header names, Signature parameter names, path segments, id and a bare string body never appear', async () => {
    const secrets = [planted(), plantedShort(), planted(), plantedShort(), planted(), plantedShort(), planted(), planted(), planted()];
    const [m1, m2, h1, h2, p1, p2, s1, body, id] = secrets as [string, string, string, string, string, string, string, string, string];
    const base = pool[0]!;
    const lines = [
      { ...base, request: { ...base.request, method: m1 } },
      { ...base, request: { ...base.request, method: m2 } },
      // A header name whose value is not a string: the shape error must not quote the name.
      { ...base, request: { ...base.request, headers: { ...base.request.headers, [h1]: 5 } } },
      { ...base, request: { ...base.request, headers: { ...base.request.headers, [h2]: 'x' } } },
      { ...base, request: { ...base.request, url: `https://h/api/${p1}/v1/${p2}/zoloz/realid/nothing` } },
      { ...base, request: { ...base.request, url: `https://h/${p1}${base.request.url.replace(/^https:\/\/[^/]+/, '')}` } },
      {
        ...base,
        request: { ...base.request, headers: { ...base.request.headers, Signature: `algorithm=RSA256, ${s1}=1, ${s1}=2, signature=AAAA` } },
      },
      { ...base, request: { ...base.request, body: JSON.stringify(body) } },
      { ...base, id },
    ];
    const file = scratch('leaks.jsonl', toJsonl(lines));
    for (const extra of [[], ['--no-flow']]) {
      const runs = await everyFormat(file, runtime, extra);
      for (const run of Object.values(runs)) {
        expect(run.code).toBe(1);
        expect(run.stderr).not.toMatch(CRASH);
      }
      expectAbsent(
        Object.values(runs).flatMap((r) => [r.stdout, r.stderr]),
        secrets,
      );
      const r = JSON.parse(runs.json.stdout);
      expect(r.summary.total).toBe(lines.length);
      expect(r.exchanges[0].method).toMatch(/^<redacted string, \d+ chars, hash [0-9a-f]{12}>$/);
      expect(r.exchanges[4].path).toMatch(
        /^\/api\/<redacted string, 73 chars, hash [0-9a-f]{12}>\/v1\/<redacted string, 11 chars, hash [0-9a-f]{12}>\/zoloz\/realid\/nothing$/,
      );
    }
  });

  it('field names in bodies (undocumented fields, violation pointers) are shown by the rule too', async () => {
    const [undocumentedName, nestedName] = [planted(), planted()];
    const base = pool.find((r) => !r.request.headers.Encrypt)!;
    const body = JSON.parse(base.request.body);
    const lines = [
      { ...base, request: { ...base.request, body: JSON.stringify({ ...body, [undocumentedName]: 1 }) } },
      { ...base, request: { ...base.request, body: JSON.stringify({ ...body, bizId: { [nestedName]: 'x' } }) } },
    ];
    const runs = await everyFormat(scratch('names.jsonl', toJsonl(lines)), runtime, ['--no-flow']);
    expectAbsent(
      Object.values(runs).flatMap((r) => [r.stdout, r.stderr]),
      [undocumentedName, nestedName],
    );
    const r = JSON.parse(runs.json.stdout);
    expect(r.exchanges[0].undocumentedFields).toEqual([
      { direction: 'request', pointer: expect.stringMatching(/^\/<redacted string, 73 chars, hash [0-9a-f]{12}>$/) },
    ]);
  });

  it('short values safe by shape are still shown (the rule is not "redact everything")', async () => {
    const base = pool[0]!;
    const run = await cli(
      [
        'validate-traffic',
        scratch('safe.jsonl', toJsonl([{ ...base, request: { ...base.request, method: 'PATCH', url: 'https://h/api/v1/other' } }])),
        '--format',
        'json',
      ],
      runtime,
    );
    expect(JSON.parse(run.stdout).exchanges[0]).toMatchObject({
      method: 'PATCH',
      path: '/api/v1/other',
      reason: 'no documented operation for PATCH /api/v1/other',
    });
  });
});

describe('--keys never prints key material', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
  const variants: Record<string, string> = {
    'a base64url private key': privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64url'),
    'base64 DER with one character dropped': der.slice(0, 100) + der.slice(101),
    'a PEM cut in half': (privateKey.export({ type: 'pkcs8', format: 'pem' }) as string).slice(0, 600),
    'base64 DER wrapped at 64 columns, cut': der.slice(0, 900).replace(/(.{64})/g, '$1\n'),
  };
  for (const [name, value] of Object.entries(variants)) {
    for (const field of ['merchantPrivateKey', 'zolozPublicKey']) {
      it(`${name} as ${field}: exit 2, one line, no piece of the key`, async () => {
        const keys = scratch(`keys-${field}-${name.replace(/\W+/g, '-')}.json`, JSON.stringify({ [field]: value }));
        const run = await cli(['validate-traffic', scratch('one.jsonl', toJsonl(pool.slice(0, 1))), '--keys', keys], runtime);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toContain(`${field} is not a usable RSA key`);
        for (let at = 0; at + 12 <= value.length; at += 12) expect(run.stderr).not.toContain(value.slice(at, at + 12).trim() || '\u0000');
      });
    }
  }

  it('an unknown field name that is not a name is not quoted', async () => {
    const secret = planted();
    const run = await cli(
      [
        'validate-traffic',
        scratch('one.jsonl', toJsonl(pool.slice(0, 1))),
        '--keys',
        scratch('keys-unknown.json', JSON.stringify({ [secret]: 'x' })),
      ],
      runtime,
    );
    expect(run.code).toBe(2);
    expectAbsent([run.stderr], [secret]);
    expect(run.stderr).toMatch(/unknown field <redacted string, 73 chars, hash [0-9a-f]{12}>/);
  });
});
