import type { ValidationIssue } from "../model/source.js";
import type { ConfigDocument, PathSegment } from "./document.js";
import { issueAt } from "./document.js";
import { maskOccurrences } from "./credentials.js";
import { ownValue } from "../model/records.js";
import { isRecord } from "../util/objects.js";

/** Process environment as injected by the caller (the CLI passes `process.env`; nothing here reads it). */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Names the server drops silently on every write (api-behaviour.md §2.1, §2.2). */
const DROPPED_NAMES = new Set(["TRIGGER_SECRET_KEY", "TRIGGER_API_URL"]);

/** The dashboard's rule; the API itself accepts any name (api-behaviour.md §2.2), hence only a warning. */
const PORTABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks the environment variables of one environment: names, secret literals (masked in frames) and
 * `fromEnv` references (resolved from `env`; a missing or empty one is reported with `fromEnvSeverity`, or not
 * at all with `"ignore"`). Values never appear in a message.
 */
export function envVarIssues(
  doc: ConfigDocument,
  base: readonly PathSegment[],
  env: EnvSource,
  secrets: string[],
  fromEnvSeverity: "error" | "warning" | "ignore" = "error",
): ValidationIssue[] {
  const vars = valueOf(doc.value, base);
  if (!isRecord(vars)) return [];
  const issues: ValidationIssue[] = [];
  for (const [name, decl] of Object.entries(vars)) {
    const path = [...base, name];
    if (name.trim() === "") {
      issues.push(issueAt(doc, path, "key", "error", "envvar-name", "empty variable name: the server drops it silently"));
    } else if (DROPPED_NAMES.has(name)) {
      issues.push(issueAt(doc, path, "key", "error", "envvar-reserved",
        `${name} cannot be set as an environment variable: the server drops it silently (Trigger.dev sets it itself)`));
    } else if (name.includes(":")) {
      // Stored, but the list route splits secret-store keys on ':' and shows 'A:B' as 'A' (api-behaviour.md
      // §2.2): it could never be read back, so every plan would create it again.
      issues.push(issueAt(doc, path, "key", "error", "envvar-name",
        `variable name '${name}' contains ':': the server lists it as '${name.split(":")[0]}', so it could never match and every apply would write it again`));
    } else if (!PORTABLE_NAME.test(name)) {
      issues.push(issueAt(doc, path, "key", "warning", "envvar-name",
        `variable name '${name}' is not letters, digits and underscores (not starting with a digit): the dashboard refuses such names and tasks may not read them`));
    }
    if (!isRecord(decl)) continue;
    // Mask whenever the user meant "secret", even with a malformed flag (`secret: yes`): better hide too much.
    if (decl.secret !== undefined && decl.secret !== false && typeof decl.value === "string") {
      secrets.push(decl.value);
      const range = doc.valueRange([...path, "value"]);
      if (range) doc.masks.push({ start: range[0], end: range[1] });
      maskOccurrences(doc, decl.value);
      if (decl.secret === true) {
        issues.push(issueAt(doc, [...path, "value"], "key", "warning", "secret-in-file",
          `secret variable ${name} has its value written in the file: use fromEnv so it stays out of git`));
      }
    }
    if (typeof decl.fromEnv === "string" && decl.fromEnv !== "") {
      // Own names only: `fromEnv: toString` names a variable, not Object.prototype.toString.
      const resolved = ownValue(env, decl.fromEnv);
      // A warning says when the value is needed: validate needs none, plan/apply only the --env ones.
      const when = fromEnvSeverity === "warning" ? ` by plan and apply for ${String(base[1])}` : "";
      if (resolved === undefined) {
        if (fromEnvSeverity !== "ignore") {
          issues.push(issueAt(doc, [...path, "fromEnv"], "value", fromEnvSeverity, "fromenv-missing",
            `environment variable ${decl.fromEnv} is not set (needed for ${name}${when}): export it before running trigger-iac`));
        }
      } else if (resolved.trim() === "") {
        if (fromEnvSeverity !== "ignore") {
          issues.push(issueAt(doc, [...path, "fromEnv"], "value", fromEnvSeverity, "fromenv-empty",
            `environment variable ${decl.fromEnv} is empty (needed for ${name}${when}): the server silently ignores empty values`));
        }
      } else if (decl.secret === true) {
        secrets.push(resolved);
      }
    }
  }
  return issues;
}

function valueOf(root: unknown, path: readonly PathSegment[]): unknown {
  let cur = root;
  for (const s of path) {
    if (!isRecord(cur)) return undefined;
    cur = ownValue(cur, s as string);
  }
  return cur;
}
