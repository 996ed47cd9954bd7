// Project conventions enforced as lint errors (redocly.yaml sets each rule to `error`).
// Each rule is described in openapi/README.md; vendor extensions in openapi/extensions.md.
'use strict';
const path = require('node:path');

const PERSONAL_DATA_CLASSES = [
  'faceImage',
  'documentImage',
  'idNumber',
  'name',
  'address',
  'dateOfBirth',
  'documentData',
  'userIdentifier',
  'personalData',
];
const IMAGE_CLASSES = new Set(['faceImage', 'documentImage']);
const CASE = '[a-z0-9]+(?:-[a-z0-9]+)*';

// Paths are checked relative to the folder of the entry file (openapi/), wherever it is.
let specDir = '';
const relToSpec = (ctx) => path.relative(specDir, ctx.location.source.absoluteRef).split(path.sep).join('/');
const rememberSpecDir = { Root: { enter: (_root, ctx) => (specDir = path.dirname(ctx.location.source.absoluteRef)) } };

/** `x-idempotent` is a boolean on every operation: the client's retry policy is read from it. */
function OperationIdempotent() {
  return {
    Operation(op, ctx) {
      if (typeof op['x-idempotent'] !== 'boolean') {
        ctx.report({
          message: 'Every operation must state `x-idempotent: true|false` (retries are derived from it).',
          location: ctx.location.child(['x-idempotent']).key(),
        });
      }
    },
  };
}

/** `x-zoloz-method` names the gateway API; the path is derived from it, and the gateway takes only POST. */
function OperationZolozMethod() {
  return {
    Paths: {
      PathItem(item, ctx) {
        for (const verb of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
          const op = item[verb];
          if (!op) continue;
          if (verb !== 'post') {
            ctx.report({ message: 'The ZOLOZ gateway accepts only POST.', location: ctx.location.child([verb]).key() });
          }
          const method = op['x-zoloz-method'];
          if (typeof method !== 'string' || !/^v\d+[a-z]?(\.[a-z0-9]+)+$/.test(method)) {
            ctx.report({
              message: '`x-zoloz-method` must be the ZOLOZ API name, e.g. `v1.zoloz.connect.initialize`.',
              location: ctx.location.child([verb, 'x-zoloz-method']).key(),
            });
          } else if (`/api/${method.replace(/\./g, '/')}` !== ctx.key) {
            ctx.report({
              message: `Path ${ctx.key} does not match x-zoloz-method ${method} (expected /api/${method.replace(/\./g, '/')}).`,
              location: ctx.location.child([verb, 'x-zoloz-method']),
            });
          }
        }
      },
    },
  };
}

/** One file per path: /api/v1/zoloz/connect/initialize lives in paths/api_v1_zoloz_connect_initialize.yaml. */
function PathFileLayout() {
  return {
    ...rememberSpecDir,
    Paths: {
      PathItem(_item, ctx) {
        const expected = `paths/${String(ctx.key).replace(/^\//, '').replace(/\//g, '_')}.yaml`;
        const actual = relToSpec(ctx);
        if (actual !== expected) {
          ctx.report({
            message: `Path ${ctx.key} must be defined in openapi/${expected} (found in ${actual}).`,
            location: ctx.location.key(),
          });
        }
      },
    },
  };
}

/** One component per file, named as the component: components/schemas/Result.yaml has `title: Result`. */
function ComponentFileName() {
  return {
    ...rememberSpecDir,
    Components(components, ctx) {
      for (const kind of ['schemas', 'examples', 'headers', 'parameters', 'responses', 'requestBodies']) {
        if (components[kind] && Object.keys(components[kind]).some((k) => !components[kind][k].$ref)) {
          ctx.report({
            message: `components.${kind} must reference one file per component (openapi/components/${kind}/<Name>.yaml), not define it inline.`,
            location: ctx.location.child([kind]).key(),
          });
        }
      }
    },
    Schema(schema, ctx) {
      const rel = relToSpec(ctx);
      if (!rel.startsWith('components/schemas/') || ctx.location.pointer !== '#/') return;
      const name = path.basename(rel, '.yaml');
      if (schema.title !== name) {
        ctx.report({
          message: `The schema in ${rel} must have \`title: ${name}\` (one component per file, named as the component).`,
          location: ctx.location.child(['title']).key(),
        });
      }
    },
  };
}

/** Named examples: requests `<operationId>-<case>`, responses `<operationId>-<case>-<status>`, paired. */
function ExampleNaming() {
  return {
    // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the example-naming rule checks requests, responses and their pairing in one pass, as the README states it
    Operation(op, ctx) {
      const id = op.operationId;
      if (!id) return;
      const requestNames = Object.keys(op.requestBody?.content?.['application/json']?.examples ?? {});
      const responseNames = new Set();
      for (const name of requestNames) {
        if (!new RegExp(`^${id}-${CASE}$`).test(name) || /-(\d{3}|default)$/.test(name)) {
          ctx.report({
            message: `Request example "${name}" must be named ${id}-<case> (kebab-case, no status suffix).`,
            location: ctx.location.child(['requestBody', 'content', 'application/json', 'examples', name]).key(),
          });
        }
      }
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        for (const [mediaType, media] of Object.entries(response.content ?? {})) {
          for (const name of Object.keys(media.examples ?? {})) {
            responseNames.add(name);
            if (!new RegExp(`^${id}-${CASE}-${status}$`).test(name)) {
              ctx.report({
                message: `Response example "${name}" must be named ${id}-<case>-${status}.`,
                location: ctx.location.child(['responses', status, 'content', mediaType, 'examples', name]).key(),
              });
            }
          }
        }
      }
      for (const name of requestNames) {
        if (!responseNames.has(`${name}-200`)) {
          ctx.report({
            message: `Request example "${name}" has no paired response example "${name}-200".`,
            location: ctx.location.child(['requestBody', 'content', 'application/json', 'examples', name]).key(),
          });
        }
      }
    },
  };
}

/** `x-zoloz-personal-data` takes one of the documented classes (redaction depends on it). */
function PersonalDataClass() {
  return {
    Schema(schema, ctx) {
      const mark = schema['x-zoloz-personal-data'];
      if (mark !== undefined && !PERSONAL_DATA_CLASSES.includes(mark)) {
        ctx.report({
          message: `x-zoloz-personal-data must be one of ${PERSONAL_DATA_CLASSES.join(', ')} (got ${JSON.stringify(mark)}).`,
          location: ctx.location.child(['x-zoloz-personal-data']),
        });
      }
    },
  };
}

/** Images can be megabytes: a `pattern` or `maxLength` would make validators read them character by character. */
function NoPatternOnImages() {
  return {
    Schema(schema, ctx) {
      const isImage = schema.contentEncoding === 'base64' || IMAGE_CLASSES.has(schema['x-zoloz-personal-data']);
      if (!isImage) return;
      for (const keyword of ['pattern', 'maxLength', 'minLength', 'format']) {
        if (schema[keyword] !== undefined) {
          ctx.report({
            message: `Base64 payloads must not carry \`${keyword}\`: validating it costs ~100x reading the message.`,
            location: ctx.location.child([keyword]).key(),
          });
        }
      }
    },
  };
}

/**
 * Bodies are named after their operation: `connectInitialize` takes ConnectInitializeRequest and answers
 * ConnectInitializeResponse (the validators, models and personal-data table are keyed by these names).
 */
function OperationBodyNaming() {
  // The component name a schema reference lands on: the file name in the split spec (bundling hoists by
  // file name), or the last pointer segment in a bundled one.
  const componentName = (ref, ctx) => {
    if (!ref || typeof ref.$ref !== 'string') return undefined;
    const { location } = ctx.resolve(ref);
    if (!location) return undefined;
    return location.pointer === '#/' ? path.basename(location.source.absoluteRef, '.yaml') : location.pointer.split('/').pop();
  };
  const bodyOf = (node, ctx) => (node?.$ref ? ctx.resolve(node).node : node);
  return {
    Operation(op, ctx) {
      const id = op.operationId;
      if (!id) return;
      const pascal = id.charAt(0).toUpperCase() + id.slice(1);
      const request = componentName(bodyOf(op.requestBody, ctx)?.content?.['application/json']?.schema, ctx);
      const response = componentName(bodyOf(op.responses?.['200'], ctx)?.content?.['application/json']?.schema, ctx);
      if (request !== `${pascal}Request`) {
        ctx.report({
          message: `Operation ${id} must take the component ${pascal}Request as its JSON request body (found ${request ?? 'none'}).`,
          location: ctx.location.child(['requestBody']).key(),
        });
      }
      if (response !== `${pascal}Response`) {
        ctx.report({
          message: `Operation ${id} must answer the component ${pascal}Response as its 200 JSON body (found ${response ?? 'none'}).`,
          location: ctx.location.child(['responses']).key(),
        });
      }
    },
  };
}

module.exports = function zolozPlugin() {
  return {
    id: 'zoloz',
    rules: {
      oas3: {
        'operation-idempotent': OperationIdempotent,
        'operation-zoloz-method': OperationZolozMethod,
        'path-file-layout': PathFileLayout,
        'component-file-name': ComponentFileName,
        'example-naming': ExampleNaming,
        'personal-data-class': PersonalDataClass,
        'no-pattern-on-images': NoPatternOnImages,
        'operation-body-naming': OperationBodyNaming,
      },
    },
  };
};
module.exports.PERSONAL_DATA_CLASSES = PERSONAL_DATA_CLASSES;
