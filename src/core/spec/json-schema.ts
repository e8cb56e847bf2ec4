import { serviceJsonSchema } from './schema.ts';

/** The exact bytes of schemas/service.schema.json; a test fails when the committed file differs. */
export function renderSchemaFile(): string {
  return `${JSON.stringify(serviceJsonSchema(), null, 2)}\n`;
}
