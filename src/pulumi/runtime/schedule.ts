import { HttpError } from "../../client/errors.js";
import { normaliseSchedules } from "../../live/normalise.js";
import { canonicalSchedule, SCHEDULE_FIELDS } from "../../engine/canonical.js";
import type { DesiredSchedule, DesiredState } from "../../model/desired.js";
import type { LiveSchedule } from "../../model/live.js";
import type { ScheduleInputs, ScheduleOutputs } from "../types.js";
import type { ProviderContext } from "./context.js";
import { convergeItem } from "./converge.js";
import { desiredEnvironment } from "./desired.js";
import { ProviderError, type KindAdapter } from "./kind.js";
import { compact } from "./values.js";

/** The one schedule of a validated resource. */
function wanted(desired: DesiredState): DesiredSchedule {
  return Object.values(desiredEnvironment(desired).schedules ?? {})[0];
}

/**
 * A schedule by id or deduplicationKey, or undefined on 404. A direct GET rather than the list: the list is
 * empty whenever the environment has no current worker (api-behaviour.md §3.3).
 */
async function findSchedule(ctx: ProviderContext, env: ScheduleInputs["environment"], idOrKey: string): Promise<LiveSchedule | undefined> {
  try {
    return normaliseSchedules([await ctx.client.environment(env).schedules.retrieve(idOrKey)])[0];
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return undefined;
    throw error;
  }
}

function outputs(inputs: ScheduleInputs, live: LiveSchedule, key: string, stamp: string): ScheduleOutputs {
  return compact({
    project: inputs.project,
    environment: inputs.environment,
    apiUrl: inputs.apiUrl,
    key,
    task: live.task,
    cron: live.cron,
    timezone: live.timezone,
    externalId: live.externalId,
    active: live.active,
    // A hidden (generated) key never happens here: this tool always sends one.
    deduplicationKey: live.deduplicationKey ?? "",
    scheduleId: live.id,
    providerVersion: stamp,
  });
}

function inputsOf(o: ScheduleOutputs): ScheduleInputs {
  const { scheduleId: _id, providerVersion: _v, ...inputs } = o;
  return inputs;
}

/** Schedules: identity environment + key (deduplicationKey); a task change replaces (the API never changes it). */
export const scheduleKind: KindAdapter<ScheduleInputs, ScheduleOutputs> = {
  diff(olds, _news, desired) {
    // The state is a desired schedule as live has it: both sides normalised as the planner compares them.
    const want = wanted(desired);
    const before = canonicalSchedule(olds);
    const after = canonicalSchedule(want);
    const replaces = olds.deduplicationKey !== want.deduplicationKey ? ["deduplicationKey"] : [];
    // The server never changes a schedule's task (api-behaviour.md §3.2 step 4).
    if (before.task !== after.task) replaces.push("task");
    return { changed: replaces.length > 0 || SCHEDULE_FIELDS.some((f) => before[f] !== after[f]), replaces };
  },

  async existing(ctx, inputs, desired) {
    const want = wanted(desired);
    // The lookup by key acts on the key's own project: prove the binding first, or another project's schedule
    // would be reported here (product.md, Credentials).
    await ctx.binding.prove(inputs.environment);
    const live = await findSchedule(ctx, inputs.environment, want.deduplicationKey);
    return live && `Schedule ${live.id} (deduplicationKey ${want.deduplicationKey}, task ${live.task}, ${live.cron}) in ${inputs.environment}`;
  },

  async converge(ctx, inputs, desired, stamp) {
    const want = wanted(desired);
    await convergeItem(ctx, desired);
    const live = await findSchedule(ctx, inputs.environment, want.deduplicationKey);
    if (!live) throw new ProviderError(`Schedule ${want.key} (${want.deduplicationKey}) was written but cannot be read back in ${inputs.environment}.`);
    return { id: live.id, outs: outputs(inputs, live, want.key, stamp) };
  },

  async read(ctx, id, props, stamp) {
    const live = await findSchedule(ctx, props.environment, id);
    if (!live || live.type !== "IMPERATIVE") return undefined;
    const outs = outputs(props, live, props.key, stamp);
    return { id: live.id, props: outs, inputs: inputsOf(outs) };
  },

  async delete(ctx, id, props) {
    try {
      await ctx.ops.deleteSchedule(props.environment, id);
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 404)) throw error;
    }
  },

  secretsOf: () => [],
};
