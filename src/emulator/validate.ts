/**
 * Just enough of zod 3's issue format to reproduce the server's validation bodies (api-behaviour.md §1.4):
 * `{"error":"Invalid request body","issues":[…]}` for hand-written routes and
 * `Validation error: <msg> at "<path>"` (zod-validation-error) for apiBuilder routes.
 */
export interface ZodIssue {
  code: string;
  message: string;
  path: (string | number)[];
  expected?: string;
  received?: string;
  options?: string[];
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
  type?: string;
  exact?: boolean;
}

/** zod's name for the type of a received value. */
export function zodTypeOf(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isNaN(value) ? "nan" : Number.isInteger(value) ? "integer" : "float";
  return typeof value;
}

function receivedName(value: unknown): string {
  const t = zodTypeOf(value);
  return t === "integer" || t === "float" ? "number" : t;
}

/** An `invalid_type` issue, or undefined when `value` has the expected type. */
export function typeIssue(
  value: unknown,
  expected: "string" | "number" | "boolean" | "object",
  path: (string | number)[],
): ZodIssue | undefined {
  const received = receivedName(value);
  const ok = expected === "object" ? received === "object" : received === expected;
  if (ok) return undefined;
  return {
    code: "invalid_type",
    expected,
    received,
    path,
    message: received === "undefined" ? "Required" : `Expected ${expected}, received ${received}`,
  };
}

/** Field check for optional fields: undefined passes. */
export function optionalTypeIssue(
  value: unknown,
  expected: "string" | "number" | "boolean" | "object",
  path: (string | number)[],
): ZodIssue | undefined {
  return value === undefined ? undefined : typeIssue(value, expected, path);
}

/** An `invalid_enum_value` issue, or undefined when `value` is one of `options`. */
export function enumIssue(value: unknown, options: readonly string[], path: (string | number)[]): ZodIssue | undefined {
  if (typeof value === "string" && options.includes(value)) return undefined;
  if (typeof value !== "string") return typeIssue(value, "string", path) ?? undefined;
  return {
    code: "invalid_enum_value",
    received: value,
    options: [...options],
    path,
    message: `Invalid enum value. Expected ${options.map((o) => `'${o}'`).join(" | ")}, received '${value}'`,
  };
}

/** Formats issues like zod-validation-error 1.5: `Validation error: Required at "action"; …`. */
export function formatValidationError(issues: ZodIssue[]): string {
  const parts = issues.map((issue) => {
    if (issue.path.length === 0) return issue.message;
    const path = issue.path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`))
      .join("");
    return `${issue.message} at "${path}"`;
  });
  return `Validation error: ${parts.join("; ")}`;
}

/** Keeps the defined issues. */
export function compact(issues: (ZodIssue | undefined)[]): ZodIssue[] {
  return issues.filter((i): i is ZodIssue => i !== undefined);
}

/**
 * A positive-integer query parameter as `z.coerce.number().int().positive()` reads it: absent gives
 * `undefined`, anything else is coerced and checked.
 */
export function positiveIntParam(raw: string | null, name: string): { value?: number; issue?: ZodIssue } {
  if (raw === null) return {};
  const n = Number(raw);
  if (Number.isNaN(n)) {
    return { issue: { code: "invalid_type", expected: "number", received: "nan", path: [name], message: "Expected number, received nan" } };
  }
  if (!Number.isInteger(n)) {
    return { issue: { code: "invalid_type", expected: "integer", received: "float", path: [name], message: "Expected integer, received float" } };
  }
  if (n <= 0) {
    return {
      issue: { code: "too_small", minimum: 0, type: "number", inclusive: false, exact: false, path: [name], message: "Number must be greater than 0" },
    };
  }
  return { value: n };
}

/** `parse-duration` for the common units (`7d`, `3h`, `30m`); undefined when unparsable. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as "ms"];
  return Number(m[1]) * unit;
}
