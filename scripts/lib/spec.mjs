// Small helpers over the bundled spec (a plain object), shared by the stages.

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

export function* eachOperation(spec) {
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      if (item[method]) yield { path, method, op: item[method] };
    }
  }
}

export const pascal = (id) => id.charAt(0).toUpperCase() + id.slice(1);

/** `#/components/schemas/X` -> `X`, or undefined for anything else. */
export function schemaName(ref) {
  return typeof ref === 'string' ? SCHEMA_REF.exec(ref)?.[1] : undefined;
}

/** Resolves a local JSON pointer (`#/a/b`) inside `doc`. */
export function resolvePointer(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`Only local references are supported, got ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => node?.[key], doc);
}

/** Follows `$ref` chains (objects whose only meaning is a reference). */
export function deref(doc, node) {
  let current = node;
  const seen = new Set();
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    if (seen.has(current.$ref)) throw new Error(`Circular reference ${current.$ref}`);
    seen.add(current.$ref);
    current = resolvePointer(doc, current.$ref);
  }
  return current;
}

/** The request and response body schema names of an operation (by the project's naming rule). */
export function bodySchemas(op) {
  const request = schemaName(op.requestBody?.content?.['application/json']?.schema?.$ref);
  const response = schemaName(op.responses?.['200']?.content?.['application/json']?.schema?.$ref);
  return { request, response };
}

/**
 * Where an operation lives on the typed client: `v1.zoloz.connect.initialize` + `connectInitialize` ->
 * `connect.initialize`; `v1.zoloz.realid.checkresult` + `realIdCheckResult` -> `realId.checkResult`.
 */
export function clientMethodOf(op) {
  const product = op['x-zoloz-method'].split('.')[2];
  const namespace = op.operationId.slice(0, product.length);
  const rest = op.operationId.slice(product.length);
  if (namespace.toLowerCase() !== product || !/^[A-Z]/.test(rest)) {
    throw new Error(`operationId ${op.operationId} does not start with the product of ${op['x-zoloz-method']}`);
  }
  return { namespace, method: `${rest.charAt(0).toLowerCase()}${rest.slice(1)}` };
}
