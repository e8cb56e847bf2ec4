/** Writes schemas/service.schema.json from the zod schema (the one source of truth). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSchemaFile } from '../src/core/spec/json-schema.ts';

const target = fileURLToPath(new URL('../schemas/service.schema.json', import.meta.url));
writeFileSync(target, renderSchemaFile());
console.log(`wrote ${target}`);
