import { appendFileSync } from 'node:fs';

/**
 * The hostile-input properties run lightly in `npm test` (seconds) and long in `npm run fuzz`
 * (ZOLOZ_FUZZ=long), which also asks each property to tally the inputs it generated.
 */
export const LONG = process.env.ZOLOZ_FUZZ === 'long';

export function runs(light: number, long: number): number {
  return LONG ? long : light;
}

/** Records how many generated inputs a property checked (read by scripts/fuzz.mjs). */
export function tally(property: string, inputs: number): void {
  const file = process.env.ZOLOZ_FUZZ_TALLY;
  if (file) appendFileSync(file, `${JSON.stringify({ property, inputs })}\n`);
}
