// The one Ajv configuration, used to precompile the standalone validators and, in the tests, to
// compile the same schemas at run time (one suite runs against both).
import { createRequire } from 'node:module';
import { schemaDocument, SCHEMA_ID } from './json-schema.mjs';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

export const AJV_OPTIONS = Object.freeze({
  allErrors: true, // report every violation, not just the first
  strict: true,
  strictTypes: false, // `type: [integer, string]` with a string-only `pattern` is intended
  discriminator: true,
  // Count maxLength in UTF-16 code units (`.length`), not code points one by one: a 2 MB base64 image
  // would otherwise be walked character by character. Differs only for astral characters.
  unicode: false,
  allowMatchingProperties: true, // SecurityFeaturesResult documents OVERALL_SCORE and the `_SCORE$` pattern
});

// Ajv flags `unicode` as deprecated; it is still honoured and is the point (see above).
const logger = {
  log() {},
  warn: (...args) => (/option unicode/.test(String(args[0])) ? undefined : console.warn(...args)),
  error: (...args) => console.error(...args),
};

/** An Ajv instance holding all component schemas under `${SCHEMA_ID}#/$defs/<Name>`. */
export function createAjv(defs, { standalone = false } = {}) {
  const ajv = new Ajv2020({ ...AJV_OPTIONS, code: { source: standalone, esm: true, optimize: true }, logger, inlineRefs: false });
  addFormats(ajv, ['uri', 'int64']);
  ajv.addSchema(schemaDocument(defs));
  return ajv;
}

export const refFor = (name) => `${SCHEMA_ID}#/$defs/${name}`;
