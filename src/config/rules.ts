import type { ValidationIssue } from "../model/source.js";
import { ENVIRONMENT_NAMES, type EnvironmentName } from "../model/environments.js";
import { MANAGED_DEDUP_PREFIX } from "../model/desired.js";
import type { ConfigDocument } from "./document.js";
import { issueAt } from "./document.js";
import { cronProblem } from "./cron.js";
import { timezoneProblem } from "./timezones.js";
import { envVarIssues } from "./env-vars.js";
import type { EnvSource } from "./env-vars.js";
import { isRecord } from "../util/objects.js";

/** Options for the semantic checks of one file. */
export interface RuleOptions {
  env: EnvSource;
  /** Timezone names the server accepts; default: the snapshot in src/model/timezones.ts. */
  timezones?: readonly string[];
  /** How a missing or empty `fromEnv` value is reported per environment. @default always "error" */
  fromEnvSeverity?: (env: EnvironmentName) => "error" | "warning" | "ignore";
}

/**
 * Checks that go beyond the schema, on one file: cron and timezone as the server judges them, queue names,
 * environment variables. Wrong-typed values are skipped here (the schema reports them). `secrets` collects
 * secret values so the caller can keep them out of every message.
 */
export function ruleIssues(doc: ConfigDocument, options: RuleOptions, secrets: string[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const root = doc.value;
  if (!isRecord(root) || !isRecord(root.environments)) return issues;
  for (const envName of ENVIRONMENT_NAMES) {
    const envDecl = root.environments[envName];
    if (!isRecord(envDecl)) continue;
    const base = ["environments", envName];
    issues.push(...envVarIssues(doc, [...base, "envVars"], options.env, secrets, options.fromEnvSeverity ? options.fromEnvSeverity(envName) : "error"));
    if (isRecord(envDecl.schedules)) {
      for (const [key, s] of Object.entries(envDecl.schedules)) {
        if (!isRecord(s)) continue;
        const path = [...base, "schedules", key];
        // Only five-field crons reach here: other shapes are reported by the schema with the same wording.
        if (typeof s.cron === "string" && /^[^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+$/.test(s.cron)) {
          const why = cronProblem(s.cron);
          if (why) issues.push(issueAt(doc, [...path, "cron"], "value", "error", "cron-invalid", why));
        }
        if (typeof s.timezone === "string" && s.timezone !== "") {
          const why = timezoneProblem(s.timezone, options.timezones);
          if (why) issues.push(issueAt(doc, [...path, "timezone"], "value", "error", "timezone-unknown", why));
        }
        if (typeof s.deduplicationKey === "string" && s.deduplicationKey !== "" && !s.deduplicationKey.startsWith(MANAGED_DEDUP_PREFIX)) {
          issues.push(issueAt(doc, [...path, "deduplicationKey"], "value", "warning", "dedup-unmanaged",
            `deduplicationKey without the '${MANAGED_DEDUP_PREFIX}' prefix: the schedule is not marked as managed by trigger-iac, so prune never deletes it; keys are unique per project, so a schedule with this key in another environment would be moved here`));
        } else if (typeof s.deduplicationKey === "string" && !s.deduplicationKey.startsWith(`${MANAGED_DEDUP_PREFIX}${envName}:`)) {
          // Keys are unique per project and a create with another environment's key MOVES that schedule into
          // this one (api-behaviour.md §0 item 5, issue #3150): an iac: key must name its own environment.
          issues.push(issueAt(doc, [...path, "deduplicationKey"], "value", "error", "dedup-other-env",
            `deduplicationKey '${s.deduplicationKey}' is marked for another environment; in ${envName} use '${MANAGED_DEDUP_PREFIX}${envName}:…' (or leave it out): the server would move the other environment's schedule here`));
        }
      }
    }
    const queues = envDecl.queues;
    if (isRecord(queues) && isRecord(queues.tasks)) {
      for (const name of Object.keys(queues.tasks)) {
        if (name.startsWith("task/")) {
          issues.push(issueAt(doc, [...base, "queues", "tasks", name], "key", "error", "queue-name",
            `write the task id without the 'task/' prefix ('${name.slice(5)}'): the server adds it itself`));
        }
      }
    }
  }
  return issues;
}
