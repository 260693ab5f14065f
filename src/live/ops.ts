import type { TriggerClient } from "../client/client.js";
import { HttpError, NetworkError, TimeoutError } from "../client/errors.js";
import { canonicalSchedule } from "../engine/canonical.js";
import type { ApplyOps, ScheduleWrite } from "../engine/ops.js";
import type { LiveSchedule } from "../model/live.js";
import { normaliseSchedules } from "./normalise.js";

/**
 * The operations `applyPlan` calls, on the REST client. Each one is safe to repeat where the API allows it, so a
 * re-run after a partial failure converges:
 * - env vars are written with `import` and `override: true` (an upsert; one call per secret flag);
 * - deletes of env vars and schedules treat "not found" as done (someone, or a previous run, deleted it already);
 * - schedules are created with their deduplicationKey (a repeat updates the same schedule, §3.2) and updated by id
 *   with every field, since the server resets an omitted timezone and clears an omitted externalId (§3.2 step 4);
 *   an update is one PUT: a PUT on a missing id creates a stray schedule (§3.4), which the answer's new id reveals,
 *   so the stray is deleted again and the update reported as failed (the next plan shows a create);
 * - a queue reset answered `400 "Queue is not overridden"` is success (§4.8);
 * - promotion passes `allowRollbacks` for an older version (§5.5 step 5), and "already the current deployment"
 *   counts as done;
 * - a promotion or a schedule create whose outcome is unknown (no answer, a timeout, a 5xx) is read back once
 *   (`/deployments/current`, the schedule by its deduplicationKey) and counts as done when it took effect.
 * @example const result = await applyPlan(plan, desired, createApplyOps(client));
 */
export function createApplyOps(client: TriggerClient): ApplyOps {
  const env = (name: Parameters<TriggerClient["environment"]>[0]) => client.environment(name);
  return {
    async importEnvVars(name, variables, isSecret) {
      if (Object.keys(variables).length === 0) return;
      await env(name).envVars.import({ variables, override: true, isSecret });
    },
    async deleteEnvVar(name, variable) {
      // 404: gone from the project; 400 "…value not found": gone from this environment (§2.6). Either way, done.
      try {
        await env(name).envVars.delete(variable);
      } catch (error) {
        if (error instanceof HttpError && (error.status === 404 || (error.status === 400 && error.error === "Environment variable value not found"))) return;
        throw error;
      }
    },
    async createSchedule(name, schedule) {
      const schedules = env(name).schedules;
      try {
        const created = await schedules.create({ ...scheduleBody(schedule), deduplicationKey: schedule.deduplicationKey });
        return { id: created.id };
      } catch (error) {
        // The answer was lost, not the write, perhaps: the schedule by its key (§3.4) says whether it took effect.
        const found = await readBack(error, () => schedules.retrieve(schedule.deduplicationKey).then((s) => normaliseSchedules([s])[0]));
        if (found && found.type === "IMPERATIVE" && sameSchedule(found, schedule)) return { id: found.id };
        throw error;
      }
    },
    async updateSchedule(name, id, schedule) {
      const schedules = env(name).schedules;
      const gone = (what = "so nothing was written") =>
        `schedule ${id} (${schedule.deduplicationKey}) no longer exists in ${name}: it was deleted since the plan was made, ${what}; apply again to recreate it`;
      // One PUT, no GET first. A PUT on an id that no longer exists CREATES a new schedule with another id and a
      // random deduplicationKey (§0 item 6, §3.4), which this tool could never recognise: the next apply would
      // create a second one. The answer's id tells: a different id is that stray, deleted again at once.
      let written;
      try {
        written = await schedules.update(id, scheduleBody(schedule));
      } catch (error) {
        // 404: the schedule only lives in another environment now ("hidden", §3.4); nothing was written.
        if (error instanceof HttpError && error.status === 404) throw new Error(gone());
        throw error;
      }
      if (written.id === id) return;
      try {
        await ignoreStatus(schedules.delete(written.id), 404);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new Error(gone(`and the server created a stray schedule ${written.id} in its place that could not be deleted (${why}): delete it`));
      }
      throw new Error(gone("so nothing was kept (the stray copy the server made was deleted again)"));
    },
    async deleteSchedule(name, id) {
      await ignoreStatus(env(name).schedules.delete(id), 404);
    },
    async setScheduleActive(name, id, active) {
      const schedules = env(name).schedules;
      await (active ? schedules.activate(id) : schedules.deactivate(id));
    },
    async overrideQueue(name, queue, limit) {
      await env(name).queues.override(queue, limit);
    },
    async resetQueue(name, queue) {
      try {
        await env(name).queues.reset(queue);
      } catch (error) {
        if (error instanceof HttpError && error.status === 400 && error.error === "Queue is not overridden") return;
        throw error;
      }
    },
    async setQueuePaused(name, queue, paused) {
      const queues = env(name).queues;
      await (paused ? queues.pause(queue) : queues.resume(queue));
    },
    async promoteDeployment(name, version, allowRollbacks) {
      const deployments = env(name).deployments;
      try {
        await deployments.promote(version, { allowRollbacks });
      } catch (error) {
        // Promote is not idempotent (§5.5 step 4): "already current" means an earlier attempt got there.
        if (error instanceof HttpError && error.status === 400 && error.error === "Deployment is already the current deployment.") return;
        // Never retried, so a lost answer would fail the environment although the promotion took effect: look once.
        const current = await readBack(error, () => deployments.current());
        if (current?.version === version) return;
        throw error;
      }
    },
  };
}

/**
 * Every field the server would otherwise reset (the task is ignored on update, but required). A null externalId
 * is left out of the request by the client (the server's schema takes a string only, §3.2 step 4).
 */
function scheduleBody(schedule: ScheduleWrite) {
  return { task: schedule.task, cron: schedule.cron, timezone: schedule.timezone, externalId: schedule.externalId };
}

/**
 * After a failed write whose outcome is unknown (no answer, a timeout, a 5xx: the server may have carried it out),
 * reads the state back once; undefined when the outcome is known (a 4xx refusal) or the read fails too.
 */
async function readBack<T>(error: unknown, read: () => Promise<T>): Promise<T | undefined> {
  const unknownOutcome = error instanceof NetworkError || error instanceof TimeoutError || (error instanceof HttpError && error.status >= 500);
  if (!unknownOutcome) return undefined;
  try {
    return await read();
  } catch {
    return undefined;
  }
}

/** True when the live schedule is what `write` asked for (the fields a create sets; a create is always active). */
function sameSchedule(live: LiveSchedule, write: ScheduleWrite): boolean {
  const have = canonicalSchedule(live);
  const want = canonicalSchedule({ ...write, key: "", active: true });
  return have.task === want.task && have.cron === want.cron && have.timezone === want.timezone && have.externalId === want.externalId;
}

async function ignoreStatus(pending: Promise<unknown>, status: number): Promise<void> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof HttpError && error.status === status) return;
    throw error;
  }
}
