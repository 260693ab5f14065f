import type { DesiredState, QueueIdentity } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { Severity } from "../model/source.js";
import { CREDENTIAL_IN_FILE, credentialsIn } from "./credentials.js";
import type { ConfigDocument, PathSegment } from "./document.js";
import { configSchema } from "./schema.js";
import { validateDocuments, type ValidateOptions } from "./validate.js";
import { isRecord } from "../util/objects.js";

/** One resource of a configuration declared on its own (a Pulumi resource): its identity and its body. */
export type ConfigItem =
  | { kind: "schedule"; key: string; schedule: Record<string, unknown> }
  | { kind: "envVar"; name: string; envVar: unknown }
  | ({ kind: "queue"; queue: Record<string, unknown> } & QueueIdentity)
  | { kind: "deployment"; deployment: Record<string, unknown> };

/** The document-level fields a one-item configuration needs. */
export interface ItemScope {
  project: unknown;
  environment: EnvironmentName;
  apiUrl?: unknown;
}

/** A problem with one item, located by a structured path instead of a file position. */
export interface ItemIssue {
  severity: Severity;
  code: string;
  message: string;
  /**
   * What `path` is relative to: the item (`["cron"]`, `["gate", "window"]`; `[]` is the item itself, i.e. its
   * identity), the document (`["project"]`, `["apiUrl"]`), or the whole document for anything else
   * (`"environment"`: `["environments", "prod", …]` outside the item).
   */
  scope: "item" | "document" | "environment";
  path: PathSegment[];
}

/** What {@link validateItem} returns: the desired state only when there is no error. */
export interface ItemResult {
  desired?: DesiredState;
  issues: ItemIssue[];
}

/**
 * Validates one item with the configuration's own rules, as a one-item document held in memory: the schema
 * (the same precompiled validator), the cron, timezone, deduplicationKey and env var rules, the credential scan,
 * the defaults and the normalisation. Issues keep the config file's wording and carry structured paths.
 * Never throws on bad input. There is no text, so the desired state's source positions mean nothing.
 * @example validateItem({ project: "proj_x", environment: "prod" }, { kind: "schedule", key: "k", schedule: { task: "t", cron: "0 3 * * *" } })
 */
export function validateItem(scope: ItemScope, item: ConfigItem, options: ValidateOptions = {}): ItemResult {
  const { section, body } = sectionOf(item);
  const itemPath: PathSegment[] = ["environments", scope.environment, ...section];
  const value: Record<string, unknown> = { version: 1, project: scope.project };
  if (scope.apiUrl !== undefined) value.apiUrl = scope.apiUrl;
  value.environments = { [scope.environment]: nest(section, body) };
  const located: (readonly PathSegment[])[] = [];
  const lines = new Map<string, number>();
  const doc: ConfigDocument = {
    file: "<item>",
    text: "",
    value,
    masks: [],
    // No text to point into: the "line" of a position numbers the path asked for, so that each issue is traced
    // back to its structured path below. One path, one line: issues repeated at a path collapse as in a file.
    locate: (path) => {
      const key = JSON.stringify(path);
      let line = lines.get(key);
      if (line === undefined) {
        line = located.push(path);
        lines.set(key, line);
      }
      return { line, col: 1 };
    },
    valueRange: () => undefined,
  };
  const result = validateDocuments([{ doc, issues: [] }], {}, options);
  const missing = missingKeys(item, body);
  const fromDocument = result.issues.map((issue) => {
    const { severity, code, message } = issue;
    const at = relative(located[issue.line - 1] ?? [], itemPath);
    // A key the item lacks is reported at the item: the path names the key itself.
    if (code === "missing-key" && at.scope === "item" && at.path.length === 0 && missing.length > 0) at.path.push(missing.shift()!);
    return { severity, code, message, ...at };
  });
  // The file's credential scan reads text: here every key and string value is scanned instead.
  const credentials = credentialsIn(value).map(({ path, message }) => ({ severity: "error" as const, code: CREDENTIAL_IN_FILE, message, ...relative(path, itemPath) }));
  const issues = [...credentials, ...fromDocument];
  return result.desired ? { desired: result.desired, issues } : { issues };
}

function relative(path: readonly PathSegment[], itemPath: readonly PathSegment[]): Pick<ItemIssue, "scope" | "path"> {
  if (itemPath.every((seg, i) => path[i] === seg)) return { scope: "item", path: path.slice(itemPath.length) };
  return { scope: path[0] === "environments" ? "environment" : "document", path: [...path] };
}

/** Where the item sits in an environment section, and its body. */
function sectionOf(item: ConfigItem): { section: PathSegment[]; body: unknown } {
  switch (item.kind) {
    case "schedule":
      return { section: ["schedules", item.key], body: item.schedule };
    case "envVar":
      return { section: ["envVars", item.name], body: item.envVar };
    case "queue":
      return { section: ["queues", item.type === "task" ? "tasks" : "custom", item.name], body: item.queue };
    case "deployment":
      return { section: ["deployment"], body: item.deployment };
  }
}

function nest(path: readonly PathSegment[], body: unknown): unknown {
  return path.reduceRight<unknown>((inner, seg) => ({ [seg]: inner }), body);
}

/** The keys the item's schema definition requires that its body lacks, in the schema's order. */
function missingKeys(item: ConfigItem, body: unknown): string[] {
  const definitions = configSchema().definitions as Record<string, { required?: string[] }> | undefined;
  const required = definitions?.[item.kind]?.required ?? [];
  return isRecord(body) ? required.filter((k) => !(k in body)) : [];
}
