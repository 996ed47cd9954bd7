import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { existsSync, readFileSync, realpathSync } from 'node:fs';

const require = createRequire(import.meta.url);

/** The bundled single-file spec the mock serves by default: `generated/openapi.yaml`. */
export function bundledSpecPath(): string {
  return realpathSync(require.resolve('@zoloz-openapi/generated/openapi.yaml'));
}

/** Whether `specPath` is the bundled spec (the one the generated validators were built from). */
export function isBundledSpec(specPath: string): boolean {
  return sameFile(resolve(specPath), bundledSpecPath());
}

/** Directory of the `@zoloz-openapi/generated` workspace package. */
export function generatedDir(): string {
  return dirname(bundledSpecPath());
}

/** What the gateway needs to know about the served spec. */
export interface SpecFacts {
  /** API paths the spec defines (gateway answers NO_INTERFACE_DEF for others). */
  readonly paths?: string[];
  /** Per path: named response examples that live under a non-2xx response, with the status to ask Prism for. */
  readonly exampleStatus: Map<string, Map<string, number>>;
}

/**
 * Reads the paths and the example → response-status map. For the bundled spec they come from
 * `generated/openapi.json`; for another spec from the file itself when it is JSON (YAML: the `yaml` package when
 * installed, else the gateway falls back to Prism's own "no path matched" answer).
 */
export async function readSpecFacts(specPath: string): Promise<SpecFacts> {
  const abs = resolve(specPath);
  let doc: unknown;
  let bundledJson: string | undefined;
  try {
    bundledJson = realpathSync(require.resolve('@zoloz-openapi/generated/openapi.json'));
  } catch {
    bundledJson = undefined;
  }
  if (bundledJson && existsSync(bundledJson) && sameFile(abs, join(dirname(bundledJson), 'openapi.yaml'))) {
    doc = JSON.parse(readFileSync(bundledJson, 'utf8'));
  } else if (/\.json$/i.test(abs)) {
    doc = JSON.parse(readFileSync(abs, 'utf8'));
  } else {
    try {
      const yamlName = 'yaml';
      const yaml = (await import(yamlName)) as { parse(text: string): unknown };
      doc = yaml.parse(readFileSync(abs, 'utf8'));
    } catch {
      doc = undefined;
    }
  }
  return factsFromDocument(doc);
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Extracts {@link SpecFacts} from a parsed OpenAPI document (internal `$ref`s to examples/responses resolved). */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: a defensive walk over an untrusted document (any --spec), where every step checks a shape; to become one step per fact next time it changes
export function factsFromDocument(doc: unknown): SpecFacts {
  const exampleStatus = new Map<string, Map<string, number>>();
  if (!isObject(doc) || !isObject(doc.paths)) return { exampleStatus };
  const deref = (v: unknown): unknown => {
    let cur = v;
    for (let i = 0; i < 10 && isObject(cur) && typeof cur.$ref === 'string'; i++) {
      const ref = cur.$ref;
      if (!ref.startsWith('#/')) return cur;
      cur = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((o, k) => (isObject(o) ? o[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
    }
    return cur;
  };
  const paths = Object.keys(doc.paths);
  for (const p of paths) {
    const item = deref(doc.paths[p]);
    if (!isObject(item)) continue;
    for (const m of METHODS) {
      const op = item[m];
      if (!isObject(op) || !isObject(op.responses)) continue;
      const byName = new Map<string, number>();
      for (const [code, r] of Object.entries(op.responses)) {
        if (/^2\d\d$/.test(code)) continue;
        // Prism cannot be asked for `default` by name; any 4xx it lacks falls back to `default`, so ask 422.
        const status = code === 'default' ? 422 : /^\d{3}$/.test(code) ? Number(code) : undefined;
        const resp = deref(r);
        if (status === undefined || !isObject(resp) || !isObject(resp.content)) continue;
        for (const media of Object.values(resp.content)) {
          const ex = isObject(media) ? media.examples : undefined;
          if (!isObject(ex)) continue;
          for (const name of Object.keys(ex)) if (!byName.has(name)) byName.set(name, status);
        }
      }
      // A name also present under a 2xx response is reachable without a code.
      for (const [code, r] of Object.entries(op.responses)) {
        if (!/^2\d\d$/.test(code)) continue;
        const resp = deref(r);
        if (!isObject(resp) || !isObject(resp.content)) continue;
        for (const media of Object.values(resp.content)) {
          const ex = isObject(media) ? media.examples : undefined;
          if (isObject(ex)) for (const name of Object.keys(ex)) byName.delete(name);
        }
      }
      if (byName.size) exampleStatus.set(p, byName);
    }
  }
  return { paths, exampleStatus };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}
