import { CronExpressionParser } from "cron-parser";

/**
 * Cron handling as the server does it (api-behaviour.md §3.2): `CronPattern` validation messages, then the
 * human description (cronstrue on the server) and the next run in the schedule's timezone.
 */

/** Thrown when the server's cron validator refuses an expression; the message is the §3.2 detail. */
export class CronValidationError extends Error {}

/**
 * Thrown for expressions the validator accepts but cronstrue 2.21.0 crashes on (aliases such as `@daily`,
 * fewer than 5 fields): the server answers 500 "Something went wrong, please try again." (§0 item 8).
 */
export class CronDescribeError extends Error {}

/** Validates like `CronPattern`; throws {@link CronValidationError} with the detail message. */
export function validateCron(cron: string): void {
  if (cron === "") throw new CronValidationError("CRON expression is required");
  // The server splits on a single space, so a leading, trailing or double space counts as an extra field.
  if (cron.split(" ").length > 5) throw new CronValidationError("CRON expressions with seconds are not allowed");
  // cron-parser 4.9 (the server's) has no Jenkins-style "H"; v5 accepts it, so refuse it here.
  for (const field of cron.split(" ")) {
    const withoutNames = field.replace(/SUN|MON|TUE|WED|THU|FRI|SAT|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC/gi, "");
    if (/H/.test(withoutNames)) {
      throw new CronValidationError(`Invalid characters, got value: ${field}`);
    }
  }
  try {
    CronExpressionParser.parse(cron, { tz: "UTC" });
  } catch (error) {
    throw new CronValidationError(error instanceof Error ? error.message : String(error));
  }
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const DAY_ALIASES: Record<string, number> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function timeOf(hour: number, minute: number): string {
  const suffix = hour < 12 ? "AM" : "PM";
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${pad(h12)}:${pad(minute)} ${suffix}`;
}

function dayName(token: string): string | undefined {
  const upper = token.toUpperCase();
  if (upper in DAY_ALIASES) return DAY_NAMES[DAY_ALIASES[upper] as number];
  if (/^\d$/.test(token)) return DAY_NAMES[Number(token)];
  return undefined;
}

function describeDays(dow: string): string | undefined {
  if (dow === "*" || dow === "?") return "";
  const upper = dow.toUpperCase();
  if (upper === "1-5" || upper === "MON-FRI") return ", Monday through Friday";
  const range = /^(\w+)-(\w+)$/.exec(dow);
  if (range) {
    const from = dayName(range[1] as string);
    const to = dayName(range[2] as string);
    if (from && to) return `, ${from} through ${to}`;
  }
  const names = dow.split(",").map(dayName);
  if (names.every((n): n is string => n !== undefined)) {
    if (names.length === 1) return `, only on ${names[0]}`;
    return `, only on ${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  }
  return undefined;
}

/**
 * A plain-English description in the style of cronstrue for the common forms (every N minutes, hourly,
 * daily at a time, weekdays, a day of the month), "Custom schedule" otherwise. Throws
 * {@link CronDescribeError} where cronstrue 2.21.0 throws (fewer than 5 fields, aliases).
 */
export function describeCron(cron: string): string {
  const fields = cron.split(" ");
  if (fields.length < 5 || cron.startsWith("@")) {
    throw new CronDescribeError(`Error: Expression has only ${fields.length} part${fields.length === 1 ? "" : "s"}. At least 5 parts are required.`);
  }
  const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const days = describeDays(dow);
  if (days === undefined || month !== "*") return "Custom schedule";
  const everyDay = dom === "*" || dom === "?";
  if (min === "*" && hour === "*" && everyDay) return `Every minute${days}`;
  const stepMin = /^\*\/(\d+)$/.exec(min);
  if (stepMin && hour === "*" && everyDay) return `Every ${stepMin[1]} minutes${days}`;
  if (/^\d+$/.test(min) && hour === "*" && everyDay) {
    return min === "0" ? `Every hour${days}` : `At ${min} minutes past the hour${days}`;
  }
  const stepHour = /^\*\/(\d+)$/.exec(hour);
  if (/^\d+$/.test(min) && stepHour && everyDay) {
    return `At ${min} minutes past the hour, every ${stepHour[1]} hours${days}`;
  }
  if (/^\d+$/.test(min) && /^\d+$/.test(hour)) {
    const at = `At ${timeOf(Number(hour), Number(min))}`;
    if (everyDay) return `${at}${days}`;
    if (/^\d+$/.test(dom) && days === "") return `${at}, on day ${dom} of the month`;
    if (dom === "L" && days === "") return `${at}, on the last day of the month`;
  }
  return "Custom schedule";
}

/**
 * The next run after `from` in `timezone` ("" and undefined mean UTC), as an ISO string. Remembered per
 * expression and timezone until that run is reached (it is the answer for every `from` until then): a list of
 * a thousand schedules would otherwise run cron-parser a thousand times.
 */
export function nextRunOf(cron: string, timezone: string, from: Date = new Date()): string | null {
  const key = `${cron}\u0000${timezone}`;
  const known = nextRuns.get(key);
  const at = from.getTime();
  if (known && at >= known.from && at < known.next) return known.iso;
  try {
    const it = CronExpressionParser.parse(cron, { tz: timezone || "UTC", currentDate: from });
    const next = it.next().toDate();
    if (nextRuns.size >= 1000) nextRuns.clear();
    nextRuns.set(key, { from: at, next: next.getTime(), iso: next.toISOString() });
    return next.toISOString();
  } catch {
    return null;
  }
}

const nextRuns = new Map<string, { from: number; next: number; iso: string }>();
