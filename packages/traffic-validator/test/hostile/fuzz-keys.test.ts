/**
 * Issue 11 §4, keys files: whatever a keys file holds — cut, mangled or re-encoded key material, paths that do
 * not exist, names that are not fields — the answer is exit 2 with one line, and no piece of the material.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CRASH, cli, scratch } from '../support/cli.js';
import { exampleCapture, spec, toJsonl } from '../support/fixtures.js';
import { runs, tally } from '../support/fuzz-budget.js';

let runtime: Awaited<ReturnType<typeof spec>>;
let capture: string;
beforeAll(async () => {
  runtime = await spec();
  capture = scratch('keys-fuzz.jsonl', toJsonl(exampleCapture(runtime.operations).slice(0, 1)));
});

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const MATERIAL = [
  privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
  publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  publicKey.export({ type: 'spki', format: 'pem' }) as string,
];

type Mangle = { kind: 'drop' | 'flip' | 'cut'; at: number } | { kind: 'base64url' } | { kind: 'wrap'; width: number };

const mangle: fc.Arbitrary<Mangle> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('drop' as const, 'flip' as const, 'cut' as const),
    at: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  }),
  fc.constant<Mangle>({ kind: 'base64url' }),
  fc.integer({ min: 20, max: 100 }).map((width): Mangle => ({ kind: 'wrap', width })),
);

function apply(material: string, m: Mangle): string {
  if (m.kind === 'base64url') return material.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  if (m.kind === 'wrap') return material.replace(new RegExp(`(.{${m.width}})`, 'g'), '$1\n');
  const at = Math.floor(material.length * m.at);
  if (m.kind === 'drop') return material.slice(0, at) + material.slice(at + 1);
  if (m.kind === 'cut') return material.slice(0, at);
  // Flip one base64 character to another (keeps the shape, breaks the key).
  const c = material[at]!;
  return material.slice(0, at) + (c === 'A' ? 'B' : 'A') + material.slice(at + 1);
}

/** 12-character pieces of the material (whitespace and armour lines aside). */
function pieces(material: string): string[] {
  const body = material.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const out: string[] = [];
  for (let at = 0; at + 12 <= body.length; at += 6) out.push(body.slice(at, at + 12));
  return out;
}

describe('hostile keys files', () => {
  it('never print key material, and always answer exit 2 with one line', async () => {
    let inputs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        mangle,
        fc.constantFrom('merchantPublicKey', 'zolozPublicKey', 'merchantPrivateKey', 'zolozPrivateKey'),
        async (which, m, field) => {
          const material = apply(MATERIAL[which % MATERIAL.length]!, m);
          inputs += 1;
          const keys = scratch(`keys-${inputs}.json`, JSON.stringify({ [field]: material }));
          const run = await cli(['validate-traffic', capture, '--keys', keys, '--format', 'json'], runtime);
          // A mangled key can still load (a flipped character in the modulus): then the run proceeds normally.
          if (run.code !== 2) {
            expect(run.code).toBeLessThan(2);
          } else {
            expect(run.stdout).toBe('');
            expect(run.stderr.trim().split('\n')).toHaveLength(1);
          }
          expect(run.stderr).not.toMatch(CRASH);
          for (const piece of pieces(material)) {
            expect(run.stderr).not.toContain(piece);
            expect(run.stdout).not.toContain(piece);
          }
        },
      ),
      { numRuns: runs(30, 5000) },
    );
    tally('keys files', inputs);
  }, 600_000);
});
