import { ZolozSchemaError, type SchemaIssue } from './errors.js';
import type { ZolozLogger } from './logger.js';
import type { ValidationMode } from './options.js';

type Validator = ((data: unknown) => boolean) & {
  errors?: ReadonlyArray<{ instancePath?: string; keyword?: string; message?: string }> | null;
};

/**
 * Response validation with the generated (precompiled Ajv) validators. The validator module is imported on
 * first use, so a client with validation off never loads it. Issues carry the path and keyword, never the value.
 */
export function responseValidation(mode: ValidationMode, logger: ZolozLogger | undefined) {
  let validators: Promise<Record<string, unknown>> | undefined;
  return async (
    operationId: string,
    validatorName: string | undefined,
    data: unknown,
    ctx: { operationId: string; attempts: number },
  ): Promise<void> => {
    if (mode === 'off' || !validatorName) return;
    validators ??= import('@zoloz-openapi/generated/validators') as Promise<Record<string, unknown>>;
    const validate = (await validators)[validatorName] as Validator | undefined;
    if (typeof validate !== 'function') return;
    if (validate(data)) return;
    const issues: SchemaIssue[] = (validate.errors ?? []).slice(0, 20).map((e) => ({
      instancePath: e.instancePath ?? '',
      keyword: e.keyword ?? '',
      message: e.message ?? '',
    }));
    if (mode === 'throw') {
      throw new ZolozSchemaError(`${operationId}: response does not match the spec (${issues.length} issue(s))`, issues, ctx);
    }
    logger?.warn?.('zoloz response does not match the spec', { operationId, issues });
  };
}
