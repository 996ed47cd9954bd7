// Mutations of the spec's own examples are rejected with the exact instancePath, by both validator
// sets: a missing required field, a string one past its maxLength, an unknown enum value in a request,
// a wrong type, and a ConsistencyCheckItem with an unknown `type`.
import { describe, expect, it } from 'vitest';
import { dereferenced, examplesOf, operations, type SchemaNode } from './support/spec.js';
import { validate, validatorSets } from './support/validators.js';

interface Mutation {
  label: string;
  pointer: string;
  keyword: string;
  apply(doc: any): void;
}

const escapeToken = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Properties and required fields of a (dereferenced) schema, through allOf and a matching oneOf branch. */
function shape(schema: SchemaNode, value: any): { properties: Record<string, SchemaNode>; required: string[] } {
  const properties: Record<string, SchemaNode> = { ...((schema.properties as any) ?? {}) };
  const required = [...((schema.required as string[]) ?? [])];
  for (const part of (schema.allOf as SchemaNode[]) ?? []) {
    const inner = shape(part, value);
    for (const [k, v] of Object.entries(inner.properties)) properties[k] ??= v;
    required.push(...inner.required);
  }
  const branch = ((schema.oneOf as SchemaNode[]) ?? []).find((b: any) => b.properties?.type?.const === value?.type);
  if (branch) Object.assign(properties, shape(branch, value).properties), required.push(...shape(branch, value).required);
  return { properties, required };
}

const isString = (s: SchemaNode) => s.type === 'string' || (s.anyOf as SchemaNode[] | undefined)?.some((b) => b.type === 'string');
const enumOf = (s: SchemaNode): unknown[] | undefined =>
  (s.enum as unknown[]) ?? (s.anyOf as SchemaNode[] | undefined)?.flatMap((b) => (b.enum as unknown[]) ?? []);

/** Walks an example beside its schema and proposes one mutation per applicable rule and field. */
function mutations(schema: SchemaNode, value: any, pointer: string, isRequest: boolean, out: Mutation[] = []): Mutation[] {
  if (Array.isArray(value)) {
    if (schema.items)
      for (const [i, item] of value.entries()) mutations(schema.items as SchemaNode, item, `${pointer}/${i}`, isRequest, out);
    return out;
  }
  if (!value || typeof value !== 'object') return out;
  if (schema.oneOf && typeof value.type === 'string') {
    out.push({
      label: `unknown ${pointer} type`,
      pointer,
      keyword: 'discriminator',
      apply: (d) => (at(d, pointer).type = 'unknownConsistencyCheck'),
    });
  }
  const { properties, required } = shape(schema, value);
  const tag = (schema.discriminator as { propertyName?: string } | undefined)?.propertyName;
  if (tag) {
    out.push({ label: `missing tag ${pointer}/${tag}`, pointer, keyword: 'discriminator', apply: (d) => delete at(d, pointer)[tag] });
  }
  for (const [key, child] of Object.entries(properties)) {
    if (!(key in value) || key === tag) continue; // the tag is mutated above, as the discriminator sees it
    const p = `${pointer}/${escapeToken(key)}`;
    if (required.includes(key)) {
      out.push({ label: `missing ${p}`, pointer, keyword: 'required', apply: (d) => delete at(d, pointer)[key] });
    }
    if (typeof value[key] === 'string' && typeof child.maxLength === 'number') {
      const max = child.maxLength;
      out.push({
        label: `${p} one past maxLength ${max}`,
        pointer: p,
        keyword: 'maxLength',
        apply: (d) => (at(d, pointer)[key] = '1'.repeat(max + 1)),
      });
    }
    if (isRequest && typeof value[key] === 'string' && enumOf(child)) {
      out.push({
        label: `unknown enum value at ${p}`,
        pointer: p,
        keyword: child.anyOf ? 'anyOf' : 'enum',
        apply: (d) => (at(d, pointer)[key] = 'NOT_A_KNOWN_VALUE'),
      });
    }
    if (typeof value[key] === 'string' && isString(child) && !(child.type as unknown[] | undefined)?.includes?.('integer')) {
      out.push({ label: `wrong type at ${p}`, pointer: p, keyword: 'type', apply: (d) => (at(d, pointer)[key] = 12345) });
    }
    if (typeof value[key] === 'number') {
      out.push({ label: `wrong type at ${p}`, pointer: p, keyword: 'type', apply: (d) => (at(d, pointer)[key] = 'not a number') });
    }
    mutations(child, value[key], p, isRequest, out);
  }
  return out;
}

function at(doc: any, pointer: string): any {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => node[key], doc);
}

const cases = operations.flatMap((op) =>
  (['request', 'response'] as const).flatMap((where) =>
    examplesOf(op.operationId, where).flatMap(([name, value]) => {
      const schemaName = where === 'request' ? op.requestSchema : op.responseSchema;
      const schema = dereferenced.components.schemas[schemaName]!;
      return mutations(schema, value, '', where === 'request').map((m) => ({ ...m, name, schemaName, value }));
    }),
  ),
);

describe.each(validatorSets)('%s validators reject mutated examples', (_kind, { contract }) => {
  it.each(cases.map((c) => [`${c.name}: ${c.label}`, c] as const))('%s', (_label, c) => {
    const doc = structuredClone(c.value);
    c.apply(doc);
    const errors = validate(contract, c.schemaName, doc);
    expect(errors.map((e) => `${e.keyword} ${e.instancePath}`)).toContain(`${c.keyword} ${c.pointer}`);
  });
});

describe('the mutation set covers what the contract promises', () => {
  const labels = cases.map((c) => c.label);
  it.each([
    ['a missing required field', /^missing /],
    ['a string one past maxLength', /one past maxLength/],
    ['an unknown enum value in a request', /^unknown enum value/],
    ['a wrong type', /^wrong type/],
    ['a ConsistencyCheckItem with an unknown type', /consistencyCheck\/\d+ type$/],
  ])('includes %s', (_what, pattern) => {
    expect(labels.some((l) => pattern.test(l))).toBe(true);
  });
  it('reports the exact pointer for an unknown ConsistencyCheckItem type', () => {
    const [, h5] = examplesOf('realIdInitialize', 'request').find(([n]) => n === 'realIdInitialize-h5')!;
    const doc: any = structuredClone(h5);
    doc.productConfig.consistencyCheck[1].type = 'faceConsistencyCheck';
    for (const [, { contract }] of validatorSets) {
      const errors = validate(contract, 'RealIdInitializeRequest', doc);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        instancePath: '/productConfig/consistencyCheck/1',
        keyword: 'discriminator',
        params: { tagValue: 'faceConsistencyCheck' },
      });
    }
  });
});
