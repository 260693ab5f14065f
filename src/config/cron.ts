import { createRequire } from "node:module";
import { isSimpleValidCron } from "./cron-simple.js";

// Loaded on first use only: most expressions never need it (see isSimpleValidCron), and it is slow to load.
const requireModule = createRequire(import.meta.url);
let parser: typeof import("cron-parser").CronExpressionParser | undefined;

/**
 * Why a cron expression would fail on the server, or undefined when it is fine.
 *
 * The server splits on single spaces and refuses more than five parts ("CRON expressions with seconds are
 * not allowed"), so a leading, trailing or double space is refused too; fewer fields and aliases such as
 * `@daily` pass its validator but then crash its description step with a 500 (api-behaviour.md §3.2, §0.8).
 * Only exactly five single-space-separated fields that cron-parser v5 accepts are safe.
 */
export function cronProblem(cron: string): string | undefined {
  // cron-parser is slow next to everything else here, and configs repeat the same few expressions.
  if (cache.has(cron)) return cache.get(cron);
  const problem = findCronProblem(cron);
  if (cache.size >= 500) cache.clear();
  cache.set(cron, problem);
  return problem;
}

const cache = new Map<string, string | undefined>();

function findCronProblem(cron: string): string | undefined {
  if (cron.trim() === "") return "cron is empty: write five fields, e.g. \"0 3 * * *\"";
  if (cron.trim().startsWith("@")) {
    return (
      `cron alias '${cron.trim()}' is not supported: the server accepts it and then fails with a 500; ` +
      `write the five fields instead (e.g. @daily is "0 0 * * *")`
    );
  }
  if (/^\s|\s$/.test(cron)) return "cron must not start or end with a space: the server refuses it";
  if (/\s\s/.test(cron)) return "cron fields must be separated by single spaces: the server refuses a double space";
  if (/[^ \S]/.test(cron)) return "cron fields must be separated by spaces, not tabs or line breaks";
  const fields = cron.split(" ");
  if (fields.length > 5) {
    return `cron has ${fields.length} fields, expected exactly five (minute hour day-of-month month day-of-week): the server does not allow seconds`;
  }
  if (fields.length < 5) {
    return (
      `cron has ${fields.length} field${fields.length === 1 ? "" : "s"}, expected exactly five (minute hour day-of-month month day-of-week): ` +
      "the server accepts fewer and then fails with a 500"
    );
  }
  if (isSimpleValidCron(cron)) return undefined;
  try {
    parser ??= (requireModule("cron-parser") as typeof import("cron-parser")).CronExpressionParser;
    parser.parse(cron);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return `invalid cron expression "${cron}": ${detail}`;
  }
  return undefined;
}
