import { ENVIRONMENT_NAMES, type EnvironmentName } from "../model/environments.js";
import { TIMEZONES } from "../model/timezones.js";
import type { EmulatorState, ProjectState, ScheduleState } from "./state.js";
import { latestTaskInProject, nextId, nextToken } from "./state.js";
import { CronValidationError, describeCron, validateCron } from "./cron.js";
import { usedSchedulesCount } from "./schedules.js";
import type { ZodIssue } from "./validate.js";
import { compact, optionalTypeIssue, typeIssue } from "./validate.js";
import { isObject } from "./http.js";

/**
 * Schedule writes as `UpsertTaskScheduleService` and `CheckScheduleService` do them (api-behaviour.md §3.2,
 * §3.4): validation messages, the limit check, and the update-in-place that moves a schedule (§0 item 5).
 */

/** A validated create/update body. */
export interface ScheduleBody {
  task: string;
  cron: string;
  deduplicationKey?: string;
  externalId?: string;
  timezone?: string;
  window?: string;
}

/** A 422 `ServiceValidationError`. */
export class ScheduleCheckError extends Error {}

function windowIssue(window: unknown): ZodIssue | undefined {
  if (typeof window !== "string") return undefined;
  const custom = (message: string): ZodIssue => ({ code: "custom", message, path: ["window"] });
  const duration = /^([1-9]\d*)(m|h)$/.exec(window);
  if (duration) {
    const minutes = Number(duration[1]) * (duration[2] === "h" ? 60 : 1);
    return minutes > 24 * 60 ? custom("Schedule window duration cannot exceed 24 hours") : undefined;
  }
  const percent = /^([1-9]\d*)%$/.exec(window);
  if (percent) return Number(percent[1]) > 100 ? custom("Schedule window percentage cannot exceed 100%") : undefined;
  return custom('Schedule window must be a whole duration such as "30m" or "2h", or a percentage such as "30%"');
}

/** zod check of `CreateScheduleOptions` / `UpdateScheduleOptions`; unknown fields are stripped. */
export function parseScheduleBody(value: unknown, withDedupKey: boolean): { body?: ScheduleBody; issues: ZodIssue[] } {
  if (!isObject(value)) return { issues: compact([typeIssue(value, "object", [])]) };
  const issues = compact([
    typeIssue(value.task, "string", ["task"]),
    typeIssue(value.cron, "string", ["cron"]),
    withDedupKey ? typeIssue(value.deduplicationKey, "string", ["deduplicationKey"]) : undefined,
    optionalTypeIssue(value.externalId, "string", ["externalId"]),
    optionalTypeIssue(value.timezone, "string", ["timezone"]),
    optionalTypeIssue(value.window, "string", ["window"]) ?? windowIssue(value.window),
  ]);
  if (issues.length > 0) return { issues };
  const body: ScheduleBody = { task: value.task as string, cron: value.cron as string };
  if (withDedupKey) body.deduplicationKey = value.deduplicationKey as string;
  if (value.externalId !== undefined) body.externalId = value.externalId as string;
  if (value.timezone !== undefined) body.timezone = value.timezone as string;
  if (value.window !== undefined) body.window = value.window as string;
  return { body, issues: [] };
}

/** `CheckScheduleService`: cron, timezone, task exists and is scheduled, then the limit (§3.2 step 3). */
export function checkSchedule(project: ProjectState, body: ScheduleBody, checkLimit: boolean): void {
  try {
    validateCron(body.cron);
  } catch (error) {
    if (error instanceof CronValidationError) throw new ScheduleCheckError(`Invalid cron expression: ${error.message}`);
    throw error;
  }
  if (body.timezone && !TIMEZONES.includes(body.timezone)) {
    throw new ScheduleCheckError(
      `Invalid IANA timezone: '${body.timezone}'. View the list of valid timezones at https://cloud.trigger.dev/timezones`,
    );
  }
  const task = latestTaskInProject(project, body.task);
  if (!task) throw new ScheduleCheckError(`Task with identifier ${body.task} not found in project.`);
  if (!task.scheduled) throw new ScheduleCheckError(`Task with identifier ${body.task} is not a scheduled task.`);
  // Each schedule has at most one instance per environment, so far below the limit there is nothing to count.
  if (checkLimit && project.schedules.length * ENVIRONMENT_NAMES.length >= project.scheduleLimit) {
    const used = usedSchedulesCount(project);
    if (used >= project.scheduleLimit) {
      throw new ScheduleCheckError(
        `You have created ${used}/${project.scheduleLimit} schedules so you'll need to increase your limits or delete some schedules.`,
      );
    }
  }
}

/**
 * Updates an existing schedule in place (§3.2 step 4): cron and description set, timezone reset to UTC and
 * externalId/window cleared when omitted, task and active never changed, instances replaced by the caller's
 * environment (which "moves" it, issue #3150). Throws CronDescribeError like cronstrue.
 */
export function updateScheduleInPlace(schedule: ScheduleState, body: ScheduleBody, envName: EnvironmentName): void {
  if (schedule.type === "DECLARATIVE") throw new ScheduleCheckError("Cannot update a declarative schedule");
  const description = describeCron(body.cron);
  schedule.cron = body.cron;
  schedule.description = description;
  schedule.timezone = body.timezone ?? "UTC";
  schedule.externalId = body.externalId || null;
  schedule.window = body.window ?? null;
  schedule.instances = [envName];
}

/** Creates a new IMPERATIVE schedule with one instance in the caller's environment (§3.2 step 4). */
export function createSchedule(
  state: EmulatorState,
  project: ProjectState,
  body: ScheduleBody,
  envName: EnvironmentName,
  dedupKey: string | undefined,
  now: Date,
): ScheduleState {
  const description = describeCron(body.cron);
  const schedule: ScheduleState = {
    id: nextId(state, "sched"),
    type: "IMPERATIVE",
    task: body.task,
    cron: body.cron,
    description,
    timezone: body.timezone ?? "UTC",
    externalId: body.externalId || null,
    deduplicationKey: dedupKey ?? nextToken(state, "nanoid", 24),
    userProvidedDeduplicationKey: dedupKey !== undefined,
    window: body.window ?? null,
    active: true,
    createdAt: now.toISOString(),
    instances: [envName],
  };
  project.schedules.push(schedule);
  return schedule;
}
