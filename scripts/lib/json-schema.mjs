// Turns the spec's component schemas into one plain JSON Schema 2020-12 document with `$defs`,
// the form that Ajv and json-schema-to-typescript take. Shared by the build and the tests (the
// runtime-compiled validators must see exactly what the standalone ones were built from).
import { deref } from './spec.mjs';

export const SCHEMA_ID = 'https://zoloz-openapi.local/schemas.json';
const COMPONENT_REF = /^#\/components\/schemas\//;

// Annotations that cost bytes in standalone validators and validate nothing.
const ANNOTATIONS = ['title', 'description', 'examples', 'default', 'deprecated', 'contentMediaType', 'contentEncoding', 'contentSchema'];
const SCHEMA_KEYS = [
  'additionalProperties',
  'unevaluatedProperties',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
  'propertyNames',
  'contains',
];
const SCHEMA_MAP_KEYS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SCHEMA_ARRAY_KEYS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

/** Deep-copies a schema, applying `fn(copy)` to it and to every subschema, bottom-up. */
export function mapSchema(schema, fn) {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const copy = structuredClone(schema);
  for (const key of SCHEMA_KEYS) if (copy[key] && typeof copy[key] === 'object') copy[key] = mapSchema(copy[key], fn);
  for (const key of SCHEMA_MAP_KEYS) {
    if (copy[key]) for (const k of Object.keys(copy[key])) copy[key][k] = mapSchema(copy[key][k], fn);
  }
  for (const key of SCHEMA_ARRAY_KEYS) if (Array.isArray(copy[key])) copy[key] = copy[key].map((s) => mapSchema(s, fn));
  return fn(copy);
}

/** Every component schema, refs rewritten to `#/$defs/X`; annotations and extensions kept. */
export function componentDefs(spec) {
  const defs = {};
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
    defs[name] = mapSchema(schema, (node) => {
      if (typeof node.$ref === 'string') node.$ref = node.$ref.replace(COMPONENT_REF, '#/$defs/');
      return node;
    });
  }
  return defs;
}

/**
 * The validation form: annotations and `x-*` stripped, discriminator mapping removed (Ajv derives the
 * mapping from each branch's `const`; OpenAPI's mapping names components, which Ajv cannot use).
 */
export function validationDefs(spec) {
  const defs = componentDefs(spec);
  for (const name of Object.keys(defs)) {
    defs[name] = mapSchema(defs[name], (node) => {
      for (const key of ANNOTATIONS) delete node[key];
      for (const key of Object.keys(node)) if (key.startsWith('x-')) delete node[key];
      if (node.discriminator) node.discriminator = { propertyName: node.discriminator.propertyName };
      return node;
    });
  }
  return defs;
}

/**
 * The strict form: every documented object also rejects fields the spec does not list
 * (`unevaluatedProperties: false`), so an `unevaluatedProperties` error marks an undocumented field.
 * `allOf` compositions are flattened first so that the check runs once, at the composed object.
 */
export function strictDefs(spec) {
  const root = { $defs: validationDefs(spec) };
  const flatten = (node) => {
    if (!Array.isArray(node.allOf)) return node;
    const parts = [...node.allOf.map((p) => deref(root, p)), node];
    // Only an object composed of documented parts is flattened; the allOf of a conditional rule
    // (untyped members, possibly with their own if/then) is left as written.
    if (!parts.some((part) => part.type === 'object')) return node;
    const merged = { ...node, properties: {}, required: [] };
    delete merged.allOf;
    for (const part of parts) {
      Object.assign(merged.properties, part.properties ?? {});
      merged.required.push(...(part.required ?? []));
      if (part.type) merged.type = part.type;
    }
    merged.required = [...new Set(merged.required)];
    return merged;
  };
  const strict = {};
  for (const [name, schema] of Object.entries(root.$defs)) {
    strict[name] = mapSchema(schema, (node) => {
      const flat = flatten(node);
      // Only a documented object (`type: object`) closes: the subschemas of a conditional rule
      // (`if`/`then`/`else`, `dependentSchemas`) name properties without declaring a type, and must not.
      const documented = flat.type === 'object' && flat.properties;
      if (documented && flat.additionalProperties === undefined && flat.patternProperties === undefined) {
        flat.unevaluatedProperties = false;
      }
      return flat;
    });
  }
  return strict;
}

export function schemaDocument(defs) {
  return { $id: SCHEMA_ID, $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: defs };
}
