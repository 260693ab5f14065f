import { Ajv, type ValidateFunction } from "ajv";
import { UnexpectedResponseError, type RequestInfo } from "./errors.js";
import type { ResponseSchema } from "./response-schemas.js";

/*
 * Checks a 2xx body against its endpoint's schema before anything uses it: a body that is not what the API
 * documents (`data: "abc"`, `[null]`, a missing id) must become a clear error, never a phantom
 * `schedules.undefined` in a plan (issue 9 §5). Validators are compiled on first use, one per schema, so
 * commands that send no request (`validate`) pay nothing.
 */

let ajv: Ajv | undefined;
const compiled = new WeakMap<ResponseSchema, ValidateFunction>();

function validatorFor(schema: ResponseSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    // First error only: the message names one field. `logger: false`: library code never prints.
    ajv ??= new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, logger: false });
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Returns `body` when it matches `schema`; otherwise throws an {@link UnexpectedResponseError} naming the request
 * and the first field that is wrong (as a JSON pointer, e.g. `/data/0/id`).
 */
export function checkResponse<T>(body: unknown, schema: ResponseSchema, request: RequestInfo): T {
  const validate = validatorFor(schema);
  if (validate(body)) return body as T;
  const first = validate.errors?.[0];
  if (!first) throw new UnexpectedResponseError(request, "", "does not match the documented shape");
  const missing = first.keyword === "required" ? String((first.params as { missingProperty?: unknown }).missingProperty) : undefined;
  const field = missing === undefined ? first.instancePath : `${first.instancePath}/${missing}`;
  const problem = missing !== undefined ? "is missing" : `${first.message ?? "is invalid"} (got ${describe(valueAt(body, first.instancePath))})`;
  throw new UnexpectedResponseError(request, field, problem);
}

/** The value at a JSON pointer of ajv's (`/data/0/id`), for the message. */
function valueAt(body: unknown, pointer: string): unknown {
  let at = body;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (at === null || typeof at !== "object" || !Object.prototype.hasOwnProperty.call(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** A short description of a value: its type, and for numbers and booleans the value. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return "an object";
  // Never the string itself: a misplaced field may hold a value that is secret.
  if (typeof value === "string") return `a string of ${value.length} characters`;
  return `${typeof value} ${String(value)}`;
}
