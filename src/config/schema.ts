import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";

/**
 * Location of the published JSON Schema. The same relative path works from `src/config/` (tests, jiti) and
 * from `dist/config/` (the package), because both sit two levels below the package root.
 */
export const SCHEMA_URL = new URL("../../schemas/trigger-iac.schema.json", import.meta.url);

let cached: { schema: Record<string, unknown>; validate: ValidateFunction } | undefined;

/** The parsed JSON Schema of the config file (`trigger-iac/schema.json`). */
export function configSchema(): Record<string, unknown> {
  return compiled().schema;
}

/** Validates `value` against the schema; returns every error (ajv `allErrors`, with data and parent schema). */
export function schemaErrors(value: unknown): ErrorObject[] {
  const { validate } = compiled();
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

function compiled(): { schema: Record<string, unknown>; validate: ValidateFunction } {
  if (!cached) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as Record<string, unknown>;
    // `errorMessage` is an annotation for editors and for our own messages; ajv must know it to stay strict.
    // `logger: false`: library code never prints (style.md habit 4).
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true, logger: false });
    ajv.addKeyword({ keyword: "errorMessage", schemaType: "string" });
    cached = { schema, validate: ajv.compile(schema) };
  }
  return cached;
}
