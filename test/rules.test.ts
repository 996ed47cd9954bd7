// Every conditional rule the spec lists (`x-zoloz-rules`) is enforced by the component that owns it, in
// both validator sets: its example keeps the rule, and the example with the rule broken is rejected
// with the exact keyword and instancePath — by the component's own validator and by the whole body's.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { at, bodySchemaOf, broken, componentsWithConditionals, exampleValue, rules } from './support/rules.js';
import { validate, validatorSets } from './support/validators.js';

const errorsOf = (errors: { keyword: string; instancePath: string }[]) => errors.map((e) => `${e.keyword} ${e.instancePath}`);

describe.each(validatorSets)('%s validators enforce every x-zoloz-rules entry', (_kind, sets) => {
  describe.each([
    ['contract', sets.contract],
    ['strict', sets.strict],
  ] as const)('%s set', (_set, set) => {
    it.each(rules.map((r) => [`${r.component}: ${r.rule}`, r] as const))('%s', (_label, rule) => {
      const body = bodySchemaOf(rule.example);
      const original = exampleValue(rule.example);
      expect(validate(set, rule.component, at(original, rule.at))).toEqual([]);
      expect(validate(set, body.schema, original)).toEqual([]);

      const mutated = broken(rule);
      const own = `${rule.expect.keyword} ${rule.expect.instancePath}`;
      expect(errorsOf(validate(set, rule.component, at(mutated, rule.at)))).toContain(own);
      expect(errorsOf(validate(set, body.schema, mutated))).toContain(`${rule.expect.keyword} ${rule.at}${rule.expect.instancePath}`);
    });
  });
});

describe('the rule list covers the conditional schemas', () => {
  it('lists at least one rule for every component that holds if/then, dependentRequired, dependentSchemas or not', () => {
    const owners = new Set(rules.map((r) => r.component));
    expect(componentsWithConditionals().filter((c) => !owners.has(c))).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(20);
  });

  it('names a source for every rule, and breaks each in at least one step', () => {
    for (const rule of rules) {
      expect(rule.source, rule.rule).toMatch(/seeds\/00\d|reference\//);
      expect(rule.break.length, rule.rule).toBeGreaterThan(0);
    }
  });
});

describe('zoloz-openapi validate-body rejects every rule-breaking body (compiled CLI)', () => {
  const cli = fileURLToPath(new URL('../packages/traffic-validator/dist/cli.js', import.meta.url));
  it.each(rules.map((r) => [`${r.component}: ${r.rule}`, r] as const))('%s', (_label, rule) => {
    const body = bodySchemaOf(rule.example);
    const run = (doc: unknown) =>
      spawnSync(process.execPath, [cli, 'validate-body', '--operation', body.operationId, `--${body.where}`, '--format', 'json', '-'], {
        input: JSON.stringify(doc),
        encoding: 'utf8',
        timeout: 60_000,
      });
    expect(run(exampleValue(rule.example)).status).toBe(0);
    const r = run(broken(rule));
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { valid: boolean; violations: { pointer: string; keyword: string }[] };
    expect(report.valid).toBe(false);
    // The CLI reports a missing property at its own pointer (the object's path plus the property).
    const where = `${rule.at}${rule.expect.instancePath}`;
    const expected =
      rule.expect.keyword === 'required'
        ? rule.break
            .filter((s) => s.delete !== undefined)
            .map((s) => `required ${rule.at}${s.delete}`)
            .filter((p) => p.slice(0, p.lastIndexOf('/')) === `required ${where}`)
        : [`${rule.expect.keyword} ${where}`];
    expect(expected.length).toBeGreaterThan(0);
    const found = report.violations.map((v) => `${v.keyword} ${v.pointer}`);
    expect(
      expected.some((e) => found.includes(e)),
      `${found.join(', ')} lacks ${expected.join(' or ')}`,
    ).toBe(true);
    expect(
      found.filter((f) => f.startsWith('if ')),
      'the `if` wrapper error is not reported',
    ).toEqual([]);
  });
});
