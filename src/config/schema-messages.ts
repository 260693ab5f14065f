import type { ErrorObject } from "ajv";
import type { ValidationIssue } from "../model/source.js";
import { ENVIRONMENT_NAMES } from "../model/environments.js";
import type { ConfigDocument, PathSegment } from "./document.js";
import { formatPath, issueAt, valueAt } from "./document.js";
import { cronProblem } from "./cron.js";
import { closestMatch } from "./suggest.js";
import { ownValue } from "../model/records.js";

/** Common names for the four environments, for "did you mean" on environment keys. */
const ENVIRONMENT_ALIASES: Readonly<Record<string, string>> = {
  production: "prod",
  prd: "prod",
  live: "prod",
  development: "dev",
  develop: "dev",
  local: "dev",
  stage: "staging",
  stg: "staging",
  preprod: "staging",
  previews: "preview",
};

type SchemaNode = Record<string, unknown> & { errorMessage?: string };

/**
 * Turns ajv errors into issues a user understands, at the YAML node they concern: the key for unknown keys,
 * the value for bad values. anyOf/oneOf noise is collapsed into one message per value.
 */
export function schemaIssues(doc: ConfigDocument, errors: readonly ErrorObject[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const skip = new Set<ErrorObject>();
  for (const e of errors) collapseAlternatives(doc, e, errors, skip, issues);
  for (const e of errors) {
    if (skip.has(e)) continue;
    const issue = mapError(doc, e);
    if (issue) issues.push(issue);
  }
  return dedupe(issues);
}

function pathOf(instancePath: string): PathSegment[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** anyOf (a value of several shapes) and oneOf (exactly one of some keys): one message each. */
function collapseAlternatives(
  doc: ConfigDocument,
  e: ErrorObject,
  all: readonly ErrorObject[],
  skip: Set<ErrorObject>,
  out: ValidationIssue[],
): void {
  const parent = e.parentSchema as SchemaNode | undefined;
  const path = pathOf(e.instancePath);
  const atOrBelow = (x: ErrorObject) => x.instancePath === e.instancePath || x.instancePath.startsWith(`${e.instancePath}/`);
  if (e.keyword === "anyOf") {
    skip.add(e);
    const dataType = jsonType(e.data);
    const branchTypes = ((parent?.anyOf as SchemaNode[]) ?? []).map((b) => branchType(b));
    if (!branchTypes.some((t) => t === dataType || (t === "number" && dataType === "integer"))) {
      // The value has none of the accepted shapes: one message, nothing from inside the branches.
      for (const x of all) if (atOrBelow(x)) skip.add(x);
      const base = parent?.errorMessage ?? `${formatPath(path)} has the wrong type`;
      const message = e.data === null ? `${String(path[path.length - 1])} has no value: ${base}` : base;
      out.push(issueAt(doc, path, "value", "error", "invalid-type", message));
    } else {
      // The branch of the right shape explains the problem; the others' type errors are noise.
      for (const x of all) if (x.instancePath === e.instancePath && x.keyword === "type") skip.add(x);
    }
  } else if (e.keyword === "oneOf") {
    const branches = (parent?.oneOf as SchemaNode[]) ?? [];
    const keys = branches.map((b) => (Array.isArray(b.required) && b.required.length === 1 ? String(b.required[0]) : undefined));
    if (keys.some((k) => k === undefined)) return;
    skip.add(e);
    // On a value that is not an object, every `required` branch passes vacuously: the type error explains it.
    if (typeof e.data !== "object" || e.data === null || Array.isArray(e.data)) return;
    for (const x of all) {
      if (x.instancePath === e.instancePath && x.keyword === "required" && keys.includes(String(x.params.missingProperty))) {
        skip.add(x);
      }
    }
    const data = (e.data ?? {}) as Record<string, unknown>;
    const present = keys.filter((k) => k !== undefined && k in data) as string[];
    const list = quoteList(keys as string[], "or");
    let message: string;
    if (present.length === 0) message = `needs one of ${list}`;
    else if (present.includes("exists") && present.length > 1) {
      message = `has 'exists: true' and cannot also have ${quoteList(present.filter((k) => k !== "exists"), "or")}: its value is managed elsewhere`;
    } else message = `combines ${quoteList(present, "and")}: use exactly one of ${list}`;
    if (path[path.length - 1] === "deployment") {
      // deployment: exactly one of version (pinned) and follow (another environment's version).
      const what = present.length === 0 ? "needs version (a pinned version) or follow (an environment to follow)" : "has both version and follow: pin a version or follow an environment, not both";
      out.push(issueAt(doc, path, "key", "error", "deployment-source", `deployment ${what}`));
    } else out.push(issueAt(doc, path, "key", "error", "envvar-source", `variable ${String(path[path.length - 1])} ${message}`));
  }
}

function branchType(b: SchemaNode): string | undefined {
  if (typeof b.type === "string") return b.type;
  if (typeof b.$ref === "string") return "object"; // every $ref'd alternative in our schema is an object
  return undefined;
}

function quoteList(items: readonly string[], conj: string): string {
  const q = items.map((i) => `'${i}'`);
  return q.length <= 1 ? q.join("") : `${q.slice(0, -1).join(", ")} ${conj} ${q[q.length - 1]}`;
}

function mapError(doc: ConfigDocument, e: ErrorObject): ValidationIssue | undefined {
  const path = pathOf(e.instancePath);
  const parent = e.parentSchema as SchemaNode | undefined;
  const where = path.length === 0 ? "at the top level" : `in ${formatPath(path)}`;
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    const keyPath = [...path, propertyName];
    return issueAt(doc, keyPath, "key", "error", "invalid-key", `${parent?.errorMessage ?? "invalid key"}: '${propertyName}' ${where}`);
  }
  switch (e.keyword) {
    case "propertyNames":
      return undefined; // reported by the inner error, which carries the key
    case "additionalProperties": {
      const key = String(e.params.additionalProperty);
      const keyPath = [...path, key];
      const known = Object.keys((parent?.properties as Record<string, unknown>) ?? {});
      if (path.length === 1 && path[0] === "environments") {
        const hint = ownValue(ENVIRONMENT_ALIASES, key.toLowerCase()) ?? closestMatch(key, ENVIRONMENT_NAMES);
        return issueAt(doc, keyPath, "key", "error", "unknown-environment",
          `unknown environment '${key}'${hint ? ` (did you mean '${hint}'?)` : ""}: environments are dev, staging, prod and preview`);
      }
      const hint = closestMatch(key, known);
      return issueAt(doc, keyPath, "key", "error", "unknown-key",
        `unknown key '${key}' ${where}${hint ? ` (did you mean '${hint}'?)` : known.length ? `; allowed: ${known.join(", ")}` : ""}`);
    }
    case "required": {
      const missing = String(e.params.missingProperty);
      const hint = missing === "version" ? " (add 'version: 1')" : "";
      return issueAt(doc, path, "key", "error", "missing-key", `missing required key '${missing}' ${where}${hint}`);
    }
    case "anyOf":
    case "oneOf":
      return undefined;
    default:
      return valueIssue(doc, e, path, parent);
  }
}

function valueIssue(doc: ConfigDocument, e: ErrorObject, path: PathSegment[], parent: SchemaNode | undefined): ValidationIssue {
  const code = e.keyword === "type" ? "invalid-type" : e.keyword === "minimum" || e.keyword === "maximum" ? "out-of-range" : "invalid-value";
  const last = path[path.length - 1];
  const data = valueAt(doc.value, path);
  // A cron string of the wrong shape gets the specific reason (aliases, spacing, field count).
  if (last === "cron" && typeof data === "string") {
    const why = cronProblem(data);
    if (why) return issueAt(doc, path, "value", "error", "cron-fields", why);
  }
  let message = parent?.errorMessage;
  if (!message) {
    const expected = e.keyword === "type" ? describeType(e.params.type) : e.message ?? "is invalid";
    message = e.keyword === "type" ? `'${String(last ?? "file")}' must be ${expected}` : `'${String(last ?? "file")}' ${expected}`;
    if (path.length === 0) {
      message = data === null
        ? "the file is empty: start with 'version: 1' and 'project: proj_…'"
        : "the file must be a mapping of keys (version, project, environments), not a list or a plain value";
    }
  }
  // Echo the offending value, except anywhere near environment variables (their values may be secret).
  if (!path.includes("envVars") && data !== undefined && (typeof data !== "object" || data === null) && path.length > 0) {
    const shown = JSON.stringify(data);
    message += ` (got ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown})`;
  }
  if (e.keyword === "type" && e.params.type === "string" && (typeof data === "number" || typeof data === "boolean") && !message.includes("quote")) {
    message += ": quote it so YAML keeps it as text";
  }
  return issueAt(doc, path, "value", "error", code, message);
}

function describeType(t: unknown): string {
  const names: Record<string, string> = {
    string: "a string",
    integer: "an integer",
    number: "a number",
    boolean: "true or false",
    object: "a mapping (key: value)",
    array: "a list",
    null: "null",
  };
  const list = Array.isArray(t) ? t : String(t).split(",");
  return list.map((x) => names[String(x)] ?? String(x)).join(" or ");
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}:${i.col}:${i.path}:${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
