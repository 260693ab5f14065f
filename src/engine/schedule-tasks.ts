import type { DesiredEnvironment, DesiredSchedule } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { LiveEnvironment, LiveTask } from "../model/live.js";
import { DIAGNOSTIC, address, collectionAddress, type PlanDiagnostic } from "../model/plan.js";
import { similarNames } from "./similar.js";
import { compareStrings } from "../util/compare.js";

/** How many scheduled tasks a message lists when none looks like the declared one. */
const LISTED_TASKS = 8;

function declared(want: DesiredEnvironment): DesiredSchedule[] {
  return Object.values(want.schedules ?? {}).sort((a, b) => compareStrings(a.key, b.key));
}

/**
 * The environment's schedules cannot be planned yet: it has no current deployment and the plan promotes none, so
 * the API lists no schedules there (api-behaviour.md §3.3), a created schedule would never be seen again, and
 * every plan would create it anew. One warning for the environment instead of its schedules; undefined when the
 * schedules can be planned.
 */
export function schedulesAwaitDeployment(env: EnvironmentName, want: DesiredEnvironment, have: LiveEnvironment): PlanDiagnostic | undefined {
  if (have.worker !== null) return undefined;
  const schedules = declared(want);
  if (schedules.length === 0) return undefined;
  const source = schedules[0]?.source;
  return {
    severity: "warning",
    code: DIAGNOSTIC.noCurrentDeployment,
    address: collectionAddress(env, "schedule"),
    message:
      `${env} has no current deployment, so the API lists no schedules there: the ${schedules.length} declared schedule(s) ` +
      `are not planned (a schedule created now could not be seen or checked afterwards). Deploy first ` +
      `(trigger deploy, or declare deployment.version), then plan again.`,
    ...(source ? { source } : {}),
  };
}

/**
 * Checks every declared schedule's task against the tasks of the version that will be current after apply
 * (`have.worker`): an unknown task or one that is not a scheduled task is an error at the schedule's position,
 * with a "did you mean" over the version's scheduled tasks. The server would refuse the create with a 422 only
 * at apply time, and a replace would by then have deleted the live schedule (api-behaviour.md §3.2 step 3).
 * Nothing is checked when the tasks are unknown (not read, or the declared version is not deployed: the
 * deployment diagnostic says so).
 */
export function checkScheduleTasks(env: EnvironmentName, want: DesiredEnvironment, have: LiveEnvironment): PlanDiagnostic[] {
  const worker = have.worker;
  if (!worker || worker.tasks === null) return [];
  const tasks = new Map<string, LiveTask>(worker.tasks.map((t) => [t.id, t]));
  const scheduled = worker.tasks.filter((t) => t.scheduled).map((t) => t.id);
  const promoted = want.deployment?.version === worker.version && have.deployment?.current?.version !== worker.version;
  const which = `version ${worker.version} (${promoted ? "promoted by this plan" : "current"} in ${env})`;
  const diagnostics: PlanDiagnostic[] = [];
  for (const schedule of declared(want)) {
    const task = tasks.get(schedule.task);
    if (task?.scheduled) continue;
    const problem = task
      ? { code: DIAGNOSTIC.scheduleTaskNotScheduled, what: `is not a scheduled task in ${which}: only tasks declared with schedules.task() can be scheduled` }
      : { code: DIAGNOSTIC.scheduleTaskUnknown, what: `is not a task of ${which}` };
    diagnostics.push({
      severity: "error",
      code: problem.code,
      address: address.schedule(env, schedule.key),
      message: `Task ${schedule.task} ${problem.what}.${suggestion(schedule.task, scheduled)}`,
      ...(schedule.source ? { source: schedule.source } : {}),
    });
  }
  return diagnostics;
}

function suggestion(task: string, scheduled: string[]): string {
  if (scheduled.length === 0) return " The version has no scheduled task.";
  const similar = similarNames(task, scheduled);
  if (similar.length > 0) return ` Did you mean ${similar.map((s) => `'${s}'`).join(" or ")}?`;
  const listed = scheduled.slice(0, LISTED_TASKS).join(", ");
  return ` Its scheduled tasks: ${listed}${scheduled.length > LISTED_TASKS ? `, and ${scheduled.length - LISTED_TASKS} more` : ""}.`;
}
