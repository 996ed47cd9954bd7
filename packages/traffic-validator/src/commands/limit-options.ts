// The input limits as command-line options, derived from the one limit set (gateway-protocol's limits).
import {
  DEFAULT_LIMITS,
  formatBytes,
  InvalidLimitError,
  LIMIT_INFO,
  parseLimit,
  resolveLimits,
  type InputLimits,
  type LimitName,
} from '@zoloz-openapi/gateway-protocol';
import { UsageError, type OptionDecl } from '@zoloz-openapi/gateway-protocol/command';

const optionName = (limit: LimitName) => LIMIT_INFO[limit].flag.slice(2);

/** One `--max-…` option per limit. */
export function limitOptions(limits: readonly LimitName[]): OptionDecl[] {
  return limits.map((limit) => {
    const info = LIMIT_INFO[limit];
    const bytes = info.unit === 'bytes';
    return {
      name: optionName(limit),
      type: 'string',
      value: bytes ? '<bytes>' : '<n>',
      description: `Limit on ${info.what}: an item past it is reported unreadable, naming the limit, and the run goes on.${bytes ? ' Suffixes K, M, G.' : ''}`,
      default: bytes ? formatBytes(DEFAULT_LIMITS[limit]) : String(DEFAULT_LIMITS[limit]),
    } satisfies OptionDecl;
  });
}

/** The limits in force: the defaults, with each given option's value. */
export function limitsFrom(limits: readonly LimitName[], values: Readonly<Record<string, string | boolean | undefined>>): InputLimits {
  const overrides: Partial<Record<LimitName, number>> = {};
  for (const limit of limits) {
    const text = values[optionName(limit)];
    if (typeof text !== 'string') continue;
    try {
      overrides[limit] = parseLimit(limit, text);
    } catch (error) {
      throw new UsageError(error instanceof InvalidLimitError ? error.message : String(error));
    }
  }
  return resolveLimits(overrides);
}
