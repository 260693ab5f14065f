import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import { validate as generatedValidate } from "./schema-validate.generated.js";

/**
 * Location of the published JSON Schema. The same relative path works from `src/config/` (tests, jiti) and
 * from `dist/config/` (the package), because both sit two levels below the package root.
 */
export const SCHEMA_URL = new URL("../../schemas/trigger-iac.schema.json", import.meta.url);

/**
 * The schema's validator, compiled ahead of time (ajv standalone code, generated from the schema by
 * `scripts/generate-schema-validator.mjs` during `npm run build`): compiling it at every start was most of a
 * `validate` cold start. ajv options: `allErrors` and `verbose` (every error, with its data and parent schema).
 */
const validate = generatedValidate as unknown as ValidateFunction;

let schema: Record<string, unknown> | undefined;

/** The parsed JSON Schema of the config file (`trigger-iac/schema.json`). */
export function configSchema(): Record<string, unknown> {
  schema ??= JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as Record<string, unknown>;
  return schema;
}

/** Validates `value` against the schema; returns every error (ajv `allErrors`, with data and parent schema). */
export function schemaErrors(value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
