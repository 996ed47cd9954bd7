import { personalData } from '@zoloz-openapi/generated/personal-data';
import type { Direction, PersonalField } from './redact.js';

type Table = Readonly<Record<string, Partial<Record<Direction, readonly PersonalField[]>>>>;

/** The personal fields the spec marks for one operation and direction. */
export function personalFields(operationId: string, direction: Direction): readonly PersonalField[] {
  return (personalData as unknown as Table)[operationId]?.[direction] ?? [];
}
