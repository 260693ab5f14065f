import type { DesiredState } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { ValidationIssue } from "../model/source.js";
import type { ConfigDocument } from "./document.js";
import { credentialIssues, scrubText, textLineCol } from "./credentials.js";
import type { EnvSource } from "./env-vars.js";
import { applyMasks, codeFrame } from "./frame.js";
import { mergeConfigs } from "./merge.js";
import { createRedactor } from "../secrets/redact.js";
import { nestingIssue } from "./nesting.js";
import { normaliseDocument } from "./normalise.js";
import { ruleIssues } from "./rules.js";
import { schemaErrors } from "./schema.js";
import { schemaIssues } from "./schema-messages.js";
import { inlineValueRanges, parseYaml } from "./yaml-positions.js";

/** The outcome of loading: `desired` only when there is no error; warnings may accompany it. */
export interface LoadResult {
  desired?: DesiredState;
  issues: ValidationIssue[];
  /** With errors: the project the files declare, when one could be read (to label an error report). */
  project?: string;
}

/** Options shared by {@link validateConfigText} and `loadConfig`. */
export interface ValidateOptions {
  /**
   * Timezone names to accept instead of the built-in snapshot, e.g. the live `GET /api/v1/timezones`
   * (`trigger-iac validate --refresh-timezones`).
   */
  timezones?: readonly string[];
  /**
   * The environments whose `fromEnv` values the caller needs (`plan`/`apply --env X`, Pulumi
   * `Project({ environments })`): a missing or empty one is an error there. CI jobs hold one environment's
   * secrets at a time, so the other environments' values are not needed. @default every environment
   */
  fromEnvEnvironments?: readonly EnvironmentName[];
  /**
   * What a missing or empty `fromEnv` value is in the other environments: a `"warning"` (`validate`, which needs
   * no secret value at all) or not reported (`"ignore"`: those environments are not acted on). @default "warning"
   */
  otherFromEnv?: "warning" | "ignore";
}

/** A document plus the issues found while reading it (syntax, load errors). */
export interface ReadDocument {
  doc?: ConfigDocument;
  issues: ValidationIssue[];
}

/**
 * Validates YAML text held in memory (the Pulumi `check`, editors, fuzzing). Values for `fromEnv` come from
 * `env` only. Never throws on bad input: every problem is an issue.
 *
 * @example
 * const { desired, issues } = validateConfigText(text, "trigger-iac.yaml", { SLACK_URL: "https://…" });
 */
export function validateConfigText(text: string, file: string, env: EnvSource = {}, options: ValidateOptions = {}): LoadResult {
  const { doc, issues } = parseYaml(text, file);
  return validateDocuments([{ doc, issues }], env, options);
}

/** The whole pipeline over already-read documents: schema, rules, normalise, merge, frames. */
export function validateDocuments(read: readonly ReadDocument[], env: EnvSource, options: ValidateOptions = {}): LoadResult {
  const issues: ValidationIssue[] = [];
  const secrets: string[] = [];
  const docs: ConfigDocument[] = [];
  const parts = [];
  let failed = false;
  for (const r of read) {
    issues.push(...r.issues);
    const doc = r.doc;
    if (!doc) continue;
    docs.push(doc);
    issues.push(...credentialIssues(doc, textLineCol(doc.text)));
    if (doc.value === undefined) continue;
    const deep = nestingIssue(doc);
    if (deep) {
      // Nothing else is checked in a file this deep: the issue says where to look. No rule ran, so no secret is
      // known: every inline value is hidden from the frames.
      issues.push(deep);
      doc.masks.push(...inlineValueRanges(doc.text));
      failed = true;
      continue;
    }
    issues.push(...schemaIssues(doc, schemaErrors(doc.value)));
    issues.push(...ruleIssues(doc, { env, timezones: options.timezones, fromEnvSeverity: fromEnvSeverity(options) }, secrets));
    parts.push(normaliseDocument(doc, env));
  }
  const merged = parts.length > 0 ? mergeConfigs(parts) : undefined;
  if (merged) issues.push(...merged.issues);
  const finished = finishIssues(issues, docs, secrets, read.map((r) => r.doc?.file ?? r.issues[0]?.file ?? ""));
  const hasError = failed || finished.some((i) => i.severity === "error") || !merged;
  if (!hasError) return { desired: merged.desired, issues: finished };
  return merged?.desired.project ? { issues: finished, project: merged.desired.project } : { issues: finished };
}

/** How a missing `fromEnv` value is reported in each environment (see {@link ValidateOptions.fromEnvEnvironments}). */
function fromEnvSeverity(options: ValidateOptions): (env: EnvironmentName) => "error" | "warning" | "ignore" {
  const needed = options.fromEnvEnvironments;
  const other = options.otherFromEnv ?? "warning";
  return (env) => (needed === undefined || needed.includes(env) ? "error" : other);
}

/** Scrubs secrets from messages, adds masked code frames, and orders issues by file, line and column. */
function finishIssues(issues: ValidationIssue[], docs: readonly ConfigDocument[], secrets: readonly string[], fileOrder: readonly string[]): ValidationIssue[] {
  const masked = new Map<string, string>();
  for (const d of docs) masked.set(d.file, applyMasks(d.text, d.masks));
  const rank = (f: string) => {
    const i = fileOrder.indexOf(f);
    return i < 0 ? fileOrder.length : i;
  };
  const seen = new Set<string>();
  const redactor = createRedactor(secrets);
  return issues
    .map((i) => {
      const line = Number.isFinite(i.line) && i.line >= 1 ? Math.floor(i.line) : 1;
      const col = Number.isFinite(i.col) && i.col >= 1 ? Math.floor(i.col) : 1;
      const text = masked.get(i.file);
      const frame = text === undefined ? undefined : codeFrame(text, line, col);
      const out: ValidationIssue = { ...i, line, col, message: scrubText(i.message, secrets) };
      // Masks cover the ranges known to hold secrets; the redactor also catches a secret written in another
      // form (escaped in a quoted scalar) or at a place the masks missed (a duplicate key).
      if (frame !== undefined) out.frame = redactor.scrub(frame);
      return out;
    })
    .filter((i) => {
      const k = `${i.file}:${i.line}:${i.col}:${i.code}:${i.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.col - b.col);
}
