import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SPEC_ENTRY = path.join(ROOT, 'openapi', 'openapi.yaml');

/** The Arazzo description of the flows, beside the OpenAPI entry file. */
export const arazzoEntryFor = (specEntry) => path.join(path.dirname(specEntry), 'zoloz.arazzo.yaml');
