// The conditional rules the spec lists in `x-zoloz-rules` (openapi/extensions.md), each turned into a
// mutation of a named example: the test code knows no rule, so a new rule needs no new test.
import { operations, spec, type SchemaNode } from './spec.js';

export interface RuleStep {
  delete?: string;
  set?: { pointer: string; value: unknown };
}

export interface Rule {
  /** The component that owns (and enforces) the rule. */
  component: string;
  rule: string;
  source: string;
  /** A named example (components/examples) that keeps the rule. */
  example: string;
  /** Where the component's value sits in the example ("" = the whole body). */
  at: string;
  break: RuleStep[];
  /** The error expected, relative to `at`. */
  expect: { keyword: string; instancePath: string };
}

/** Every rule of every component schema, in spec order. */
export const rules: Rule[] = Object.entries(spec.components.schemas).flatMap(([component, schema]) =>
  ((schema['x-zoloz-rules'] as Omit<Rule, 'component' | 'at'>[] | undefined) ?? []).map((r) => ({ at: '', ...r, component })),
);

const unescapeToken = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');
const segments = (pointer: string) => (pointer === '' ? [] : pointer.split('/').slice(1).map(unescapeToken));

export function at(doc: any, pointer: string): any {
  return segments(pointer).reduce((node, key) => node?.[key], doc);
}

/** The example with the rule broken, as a whole body (a deep copy; the spec is not touched). */
export function broken(rule: Rule): unknown {
  const doc: any = structuredClone(exampleValue(rule.example));
  for (const step of rule.break) {
    const keys = segments(rule.at + (step.delete ?? step.set!.pointer));
    const last = keys.pop()!;
    const parent = keys.reduce((node, key) => node[key], doc);
    if (step.delete !== undefined) delete parent[last];
    else parent[last] = structuredClone(step.set!.value);
  }
  return doc;
}

export function exampleValue(name: string): unknown {
  const example = spec.components.examples[name];
  if (!example) throw new Error(`x-zoloz-rules names the example ${name}, which components/examples does not hold`);
  return example.value;
}

/** The operation body schema an example belongs to (the first operation that lists it). */
export function bodySchemaOf(example: string): { operationId: string; schema: string; where: 'request' | 'response' } {
  for (const op of operations) {
    const media = spec.paths[op.path]![op.method];
    const named = (content: any) =>
      Object.values((content?.['application/json']?.examples ?? {}) as Record<string, { $ref?: string }>).some(
        (e) => e.$ref?.split('/').pop() === example,
      );
    if (named(media.requestBody?.content)) return { operationId: op.operationId, schema: op.requestSchema, where: 'request' };
    if (named(media.responses?.['200']?.content)) return { operationId: op.operationId, schema: op.responseSchema, where: 'response' };
  }
  throw new Error(`example ${example} belongs to no operation`);
}

const CONDITIONAL = ['if', 'dependentRequired', 'dependentSchemas', 'not'];

/** Components whose own schema (not a referenced one) holds a conditional keyword. */
export function componentsWithConditionals(): string[] {
  const has = (node: unknown): boolean => {
    if (!node || typeof node !== 'object') return false;
    if (Array.isArray(node)) return node.some(has);
    const n = node as SchemaNode;
    if (CONDITIONAL.some((k) => k in n)) return true;
    return Object.entries(n).some(([k, v]) => !k.startsWith('x-') && k !== 'examples' && k !== 'example' && has(v));
  };
  return Object.entries(spec.components.schemas)
    .filter(([, s]) => has(s))
    .map(([name]) => name);
}
