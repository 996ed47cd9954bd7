// A structural diff of two dereferenced OpenAPI documents (generated/openapi.dereferenced.json), walked
// operation by operation so that every change knows its direction (request or response), and classified by
// the policy in docs/versioning.md (breaking / minor / patch). `redocly diff` (2.77, experimental) rates a
// removed response field, a new required request field and a tightened request maxLength as "patch", so the
// classification is done here; the walk is plain JSON.

/** What each kind of change is, for a request and for a response (docs/versioning.md, "What is breaking"). */
export const POLICY = {
  'operation removed': ['breaking', 'breaking'],
  'operation renamed': ['breaking', 'breaking'],
  'operation added': ['minor', 'minor'],
  'response removed': ['breaking', 'breaking'],
  'response added': ['minor', 'minor'],
  'media type removed': ['breaking', 'breaking'],
  'media type added': ['minor', 'minor'],
  'field removed': ['breaking', 'breaking'],
  'required field added': ['breaking', 'minor'],
  'optional field added': ['minor', 'minor'],
  'field made required': ['breaking', 'minor'],
  'field made optional': ['minor', 'breaking'],
  'enum value removed': ['breaking', 'breaking'],
  'enum value added': ['minor', 'breaking'],
  'type narrowed': ['breaking', 'minor'],
  'type widened': ['minor', 'breaking'],
  'type changed': ['breaking', 'breaking'],
  'constraint tightened': ['breaking', 'minor'],
  'constraint loosened': ['minor', 'breaking'],
  'constraint changed': ['breaking', 'breaking'],
  'security changed': ['breaking', 'breaking'],
  deprecated: ['minor', 'minor'],
  'other change': ['minor', 'minor'],
  documentation: ['patch', 'patch'],
  'not compared': ['breaking', 'breaking'], // over a limit: the gate must not pass what it did not see
};

export const MAX_DEPTH = 64;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// Keywords that only document: a change in them is a patch.
const ANNOTATIONS = new Set(['title', 'description', 'summary', 'examples', 'example', '$comment', 'externalDocs', 'tags']);
const isAnnotation = (key) => ANNOTATIONS.has(key) || key.startsWith('x-');
const UPPER = ['maxLength', 'maxItems', 'maxProperties', 'maximum', 'exclusiveMaximum'];
const LOWER = ['minLength', 'minItems', 'minProperties', 'minimum', 'exclusiveMinimum'];
const EXACT = ['pattern', 'format', 'multipleOf', 'contentMediaType', 'contentEncoding'];
const SCHEMA_KEYS = new Set([
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'anyOf',
  'oneOf',
  'allOf',
  'uniqueItems',
  'deprecated',
  ...UPPER,
  ...LOWER,
  ...EXACT,
]);

const json = (v) => JSON.stringify(v);
const same = (a, b) => json(a) === json(b);
const escapePointer = (s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1');

/** A value as shown in a change line: short scalars as JSON, anything else by type and length. */
export function show(value) {
  const text = json(value);
  if (text !== undefined && text.length <= 64 && (typeof value !== 'object' || value === null)) return text;
  return `<${Array.isArray(value) ? 'array' : typeof value}, ${text?.length ?? 0} chars>`;
}

class Collector {
  constructor() {
    this.changes = [];
  }

  add(kind, at, detail) {
    const [onRequest, onResponse] = POLICY[kind];
    const level = at.direction === 'response' ? onResponse : onRequest;
    this.changes.push({ level, kind, operation: at.operation, direction: at.direction, where: at.where, pointer: at.pointer, detail });
  }
}

const typeSet = (schema) => {
  if (schema.type === undefined) return undefined; // any type
  const types = new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
  if (types.has('number')) types.add('integer'); // integer values are numbers
  return types;
};

function compareTypes(base, rev, at, out) {
  const [a, b] = [typeSet(base), typeSet(rev)];
  if (same(base.type, rev.type)) return;
  const detail = `${show(base.type ?? 'any')} → ${show(rev.type ?? 'any')}`;
  if (a === undefined) return out.add('type narrowed', at, detail);
  if (b === undefined) return out.add('type widened', at, detail);
  const aInB = [...a].every((t) => b.has(t));
  const bInA = [...b].every((t) => a.has(t));
  if (aInB && bInA) return; // e.g. ["number", "integer"] → "number"
  out.add(aInB ? 'type widened' : bInA ? 'type narrowed' : 'type changed', at, detail);
}

// The values a schema allows by `enum` and `const` together: `const: X` and `enum: [X]` say the same thing.
function allowedValues(schema) {
  if (schema.const === undefined) return schema.enum;
  return schema.enum === undefined ? [schema.const] : schema.enum.filter((v) => same(v, schema.const));
}

function compareEnum(base, rev, at, out) {
  const [a, b] = [allowedValues(base), allowedValues(rev)];
  if (same(a, b)) return;
  if (a === undefined) return out.add('constraint tightened', at, `enum ${show(b)} added`);
  if (b === undefined) return out.add('constraint loosened', at, 'enum removed');
  const revValues = new Set(b.map(json));
  const baseValues = new Set(a.map(json));
  for (const v of a) if (!revValues.has(json(v))) out.add('enum value removed', at, show(v));
  for (const v of b) if (!baseValues.has(json(v))) out.add('enum value added', at, show(v));
}

function compareConstraints(base, rev, at, out) {
  const bound = (key, tighterWhen) => {
    const [a, b] = [base[key], rev[key]];
    if (same(a, b)) return;
    const detail = `${key} ${show(a ?? 'none')} → ${show(b ?? 'none')}`;
    if (a === undefined) out.add('constraint tightened', at, detail);
    else if (b === undefined) out.add('constraint loosened', at, detail);
    else if (typeof a !== 'number' || typeof b !== 'number') out.add('constraint changed', at, detail);
    else out.add(tighterWhen(a, b) ? 'constraint tightened' : 'constraint loosened', at, detail);
  };
  for (const key of UPPER) bound(key, (a, b) => b < a);
  for (const key of LOWER) bound(key, (a, b) => b > a);
  for (const key of EXACT) {
    const [a, b] = [base[key], rev[key]];
    if (same(a, b)) continue;
    const detail = `${key} ${show(a ?? 'none')} → ${show(b ?? 'none')}`;
    out.add(a === undefined ? 'constraint tightened' : b === undefined ? 'constraint loosened' : 'constraint changed', at, detail);
  }
  if (Boolean(base.uniqueItems) !== Boolean(rev.uniqueItems)) {
    out.add(
      rev.uniqueItems ? 'constraint tightened' : 'constraint loosened',
      at,
      `uniqueItems ${Boolean(base.uniqueItems)} → ${Boolean(rev.uniqueItems)}`,
    );
  }
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one branch per kind of property change, as docs/versioning.md lists them
function compareProperties(base, rev, at, out, depth) {
  const [a, b] = [base.properties ?? {}, rev.properties ?? {}];
  const [reqA, reqB] = [new Set(base.required ?? []), new Set(rev.required ?? [])];
  const child = (name) => ({ ...at, pointer: `${at.pointer}/${escapePointer(name)}` });
  for (const name of Object.keys(a)) {
    if (!(name in b)) out.add('field removed', child(name));
    else {
      if (!reqA.has(name) && reqB.has(name)) out.add('field made required', child(name));
      if (reqA.has(name) && !reqB.has(name)) out.add('field made optional', child(name));
      compareSchema(a[name], b[name], child(name), out, depth + 1);
    }
  }
  for (const name of Object.keys(b)) {
    if (!(name in a)) out.add(reqB.has(name) ? 'required field added' : 'optional field added', child(name));
  }
  // `required` naming properties the schema does not define (e.g. inside allOf branches).
  for (const name of reqB) if (!reqA.has(name) && !(name in a) && !(name in b)) out.add('field made required', child(name));
  for (const name of reqA) if (!reqB.has(name) && !(name in a) && !(name in b)) out.add('field made optional', child(name));
}

function compareAdditional(base, rev, at, out, depth) {
  const [a, b] = [base.additionalProperties, rev.additionalProperties];
  if (same(a, b)) return;
  const closed = (v) => v === false;
  const open = (v) => v === undefined || v === true;
  const here = { ...at, pointer: `${at.pointer}/*` };
  if (open(a) && closed(b)) out.add('constraint tightened', at, 'additionalProperties: false');
  else if (closed(a) && open(b)) out.add('constraint loosened', at, 'additionalProperties allowed');
  else if (typeof a === 'object' && typeof b === 'object') compareSchema(a, b, here, out, depth + 1);
  else if (open(a)) out.add('constraint tightened', at, 'additionalProperties constrained');
  else if (open(b)) out.add('constraint loosened', at, 'additionalProperties unconstrained');
  else out.add('constraint changed', at, 'additionalProperties');
}

function compareAlternatives(base, rev, at, out, depth) {
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const [a, b] = [base[key] ?? [], rev[key] ?? []];
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) compareSchema(a[i], b[i], { ...at, pointer: `${at.pointer}(${key}[${i}])` }, out, depth + 1);
    // One more anyOf/oneOf branch accepts more values; one more allOf branch accepts fewer.
    const grows = key === 'allOf' ? 'constraint tightened' : 'type widened';
    const shrinks = key === 'allOf' ? 'constraint loosened' : 'type narrowed';
    for (let i = n; i < b.length; i++) out.add(grows, at, `${key}[${i}] added`);
    for (let i = n; i < a.length; i++) out.add(shrinks, at, `${key}[${i}] removed`);
  }
}

function compareRest(base, rev, at, out) {
  const keys = new Set([...Object.keys(base), ...Object.keys(rev)]);
  for (const key of keys) {
    if (SCHEMA_KEYS.has(key) || same(base[key], rev[key])) continue;
    if (isAnnotation(key)) out.add('documentation', at, key);
    else if (key === 'default') out.add('other change', at, `default ${show(base[key] ?? 'none')} → ${show(rev[key] ?? 'none')}`);
    else out.add('other change', at, key);
  }
  if (Boolean(base.deprecated) !== Boolean(rev.deprecated))
    out.add('deprecated', at, `deprecated ${Boolean(base.deprecated)} → ${Boolean(rev.deprecated)}`);
}

/** Compares two JSON Schemas (OAS 3.1) at `at` ({ operation, direction, where, pointer }). */
export function compareSchema(base, rev, at, out, depth = 0) {
  if (same(base, rev)) return;
  if (depth > MAX_DEPTH) return out.add('not compared', at, `nested deeper than ${MAX_DEPTH} levels`);
  if (typeof base !== 'object' || typeof rev !== 'object' || base === null || rev === null) {
    // Boolean schemas: true accepts anything, false nothing.
    if (base === true || rev === false) return out.add('type narrowed', at, `${show(base)} → ${show(rev)}`);
    return out.add('type widened', at, `${show(base)} → ${show(rev)}`);
  }
  compareTypes(base, rev, at, out);
  compareEnum(base, rev, at, out);
  compareConstraints(base, rev, at, out);
  compareProperties(base, rev, at, out, depth);
  compareAdditional(base, rev, at, out, depth);
  if (base.items !== undefined || rev.items !== undefined)
    compareSchema(base.items ?? true, rev.items ?? true, { ...at, pointer: `${at.pointer}/*` }, out, depth + 1);
  compareAlternatives(base, rev, at, out, depth);
  compareRest(base, rev, at, out);
}

function compareContent(base = {}, rev = {}, at, out) {
  for (const media of Object.keys(base)) {
    const here = { ...at, where: `${at.where} ${media}` };
    if (!(media in rev)) out.add('media type removed', here, media);
    else {
      compareSchema(base[media].schema ?? true, rev[media].schema ?? true, here, out);
      for (const key of new Set([...Object.keys(base[media]), ...Object.keys(rev[media])])) {
        if (key !== 'schema' && !same(base[media][key], rev[media][key]))
          out.add(isAnnotation(key) ? 'documentation' : 'other change', here, key);
      }
    }
  }
  for (const media of Object.keys(rev)) if (!(media in base)) out.add('media type added', { ...at, where: `${at.where} ${media}` }, media);
}

/** Parameters (request, keyed `<in>/<name>`) or headers (response, keyed `headers/<name>`): named fields with `required` and a schema. */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one branch per kind of change to a named member, as docs/versioning.md lists them
function compareNamed(base, rev, at, out) {
  for (const name of Object.keys(base)) {
    const here = { ...at, pointer: `/${name}` };
    if (!(name in rev)) out.add('field removed', here);
    else {
      if (!base[name].required && rev[name].required) out.add('field made required', here);
      if (base[name].required && !rev[name].required) out.add('field made optional', here);
      compareSchema(base[name].schema ?? true, rev[name].schema ?? true, here, out);
      for (const key of new Set([...Object.keys(base[name]), ...Object.keys(rev[name])])) {
        if (!['schema', 'required', 'name', 'in'].includes(key) && !same(base[name][key], rev[name][key])) {
          out.add(isAnnotation(key) ? 'documentation' : key === 'deprecated' ? 'deprecated' : 'other change', here, key);
        }
      }
    }
  }
  for (const name of Object.keys(rev)) {
    if (!(name in base)) out.add(rev[name].required ? 'required field added' : 'optional field added', { ...at, pointer: `/${name}` });
  }
}

const parametersOf = (op) => Object.fromEntries((op.parameters ?? []).map((p) => [`${escapePointer(p.in)}/${escapePointer(p.name)}`, p]));
const headersOf = (response) =>
  Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, h]) => [`headers/${escapePointer(name)}`, h]));

function compareOperation(base, rev, label, out) {
  const op = { operation: label, direction: 'request', where: '', pointer: '' };
  if (base.operationId !== rev.operationId)
    out.add('operation renamed', op, `operationId ${show(base.operationId)} → ${show(rev.operationId)}`);
  const request = { ...op, where: 'parameters' };
  compareNamed(parametersOf(base), parametersOf(rev), request, out);
  const body = { ...op, where: 'body' };
  if (!base.requestBody?.required && rev.requestBody?.required) out.add('field made required', body, 'request body');
  if (base.requestBody?.required && !rev.requestBody?.required) out.add('field made optional', body, 'request body');
  compareContent(base.requestBody?.content, rev.requestBody?.content, body, out);

  const [ra, rb] = [base.responses ?? {}, rev.responses ?? {}];
  for (const status of Object.keys(ra)) {
    const at = { operation: label, direction: 'response', where: status, pointer: '' };
    if (!(status in rb)) {
      out.add('response removed', at, status);
      continue;
    }
    compareContent(ra[status].content, rb[status].content, at, out);
    compareNamed(headersOf(ra[status]), headersOf(rb[status]), at, out);
    if (!same(ra[status].description, rb[status].description)) out.add('documentation', at, 'description');
  }
  for (const status of Object.keys(rb))
    if (!(status in ra)) out.add('response added', { operation: label, direction: 'response', where: status, pointer: '' }, status);

  if (!same(base.security, rev.security)) out.add('security changed', op, 'security requirements');
  if (Boolean(base.deprecated) !== Boolean(rev.deprecated))
    out.add('deprecated', op, `deprecated ${Boolean(base.deprecated)} → ${Boolean(rev.deprecated)}`);
  const handled = new Set(['operationId', 'parameters', 'requestBody', 'responses', 'security', 'deprecated']);
  for (const key of new Set([...Object.keys(base), ...Object.keys(rev)])) {
    if (!handled.has(key) && !same(base[key], rev[key])) out.add(isAnnotation(key) ? 'documentation' : 'other change', op, key);
  }
}

function operationsOf(spec) {
  const ops = new Map();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      if (!item[method]) continue;
      // Path-level parameters apply to every operation of the path.
      const op = item.parameters ? { ...item[method], parameters: [...item.parameters, ...(item[method].parameters ?? [])] } : item[method];
      ops.set(`${method.toUpperCase()} ${path}`, op);
    }
  }
  return ops;
}

/** Security schemes with their descriptions and `x-` notes left out (a changed note is documentation). */
function withoutAnnotations(schemes) {
  if (!schemes) return schemes;
  return Object.fromEntries(
    Object.entries(schemes).map(([name, scheme]) => [name, Object.fromEntries(Object.entries(scheme).filter(([k]) => !isAnnotation(k)))]),
  );
}

/** Everything outside the operations: info (version aside), servers, security schemes, tags. */
function compareDocument(base, rev, out) {
  const at = { operation: '(document)', direction: 'request', where: '', pointer: '' };
  const { version: _a, ...infoA } = base.info ?? {};
  const { version: _b, ...infoB } = rev.info ?? {};
  if (!same(infoA, infoB)) out.add('documentation', at, 'info');
  const [schemesA, schemesB] = [base.components?.securitySchemes, rev.components?.securitySchemes];
  if (!same(withoutAnnotations(schemesA), withoutAnnotations(schemesB))) out.add('security changed', at, 'components.securitySchemes');
  else if (!same(schemesA, schemesB)) out.add('documentation', at, 'components.securitySchemes');
  if (!same(base.security, rev.security)) out.add('security changed', at, 'security');
  for (const key of new Set([...Object.keys(base), ...Object.keys(rev)])) {
    if (['info', 'paths', 'components', 'security'].includes(key) || same(base[key], rev[key])) continue;
    out.add(isAnnotation(key) ? 'documentation' : 'other change', at, key);
  }
}

/** All changes from `base` to `rev`, each { level, kind, operation, direction, where, pointer, detail }. */
export function diffSpecs(base, rev) {
  const out = new Collector();
  const [a, b] = [operationsOf(base), operationsOf(rev)];
  const label = (key, op) => `${op.operationId ?? key}`;
  for (const [key, op] of a) {
    if (!b.has(key)) out.add('operation removed', { operation: label(key, op), direction: 'request', where: key, pointer: '' });
    else compareOperation(op, b.get(key), label(key, op), out);
  }
  for (const [key, op] of b)
    if (!a.has(key)) out.add('operation added', { operation: label(key, op), direction: 'request', where: key, pointer: '' });
  compareDocument(base, rev, out);
  return out.changes;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text) {
  const m = typeof text === 'string' ? SEMVER.exec(text) : null;
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

/**
 * The version gate: which bump the changes need, which bump info.version made, and whether that is
 * enough. Only a breaking change without a major bump fails (and a version that is not semver or goes back).
 */
export function gate(changes, baseVersion, revVersion) {
  const needed = changes.some((c) => c.level === 'breaking')
    ? 'major'
    : changes.some((c) => c.level === 'minor')
      ? 'minor'
      : changes.length
        ? 'patch'
        : 'none';
  const [a, b] = [parseVersion(baseVersion), parseVersion(revVersion)];
  if (!b) return { needed, made: 'invalid', ok: false, reason: `info.version ${show(revVersion)} is not semver (MAJOR.MINOR.PATCH)` };
  if (!a)
    return { needed, made: 'unknown', ok: true, reason: `the base's info.version ${show(baseVersion)} is not semver: no bump to check` };
  const order = (v) => [v.major, v.minor, v.patch];
  const cmp =
    order(b)
      .map((x, i) => x - order(a)[i])
      .find((d) => d !== 0) ?? 0;
  if (cmp < 0) return { needed, made: 'backwards', ok: false, reason: `info.version went back: ${baseVersion} → ${revVersion}` };
  const made = b.major > a.major ? 'major' : b.minor > a.minor ? 'minor' : b.patch > a.patch ? 'patch' : 'none';
  if (needed === 'major' && made !== 'major') {
    return {
      needed,
      made,
      ok: false,
      reason: `breaking changes need a major version: ${baseVersion} → ${a.major + 1}.0.0 (info.version is ${revVersion})`,
    };
  }
  const rank = { none: 0, patch: 1, minor: 2, major: 3 };
  const reason =
    rank[made] >= rank[needed]
      ? 'info.version bump matches the changes'
      : `info.version should be bumped (${needed}); not enforced below major`;
  return { needed, made, ok: true, reason };
}
