import { applyPlan } from "../../engine/apply.js";
import { readAndPlan } from "../../live/read-plan.js";
import { readLive } from "../../live/read.js";
import type { DesiredState } from "../../model/desired.js";
import type { LiveState } from "../../model/live.js";
import { DIAGNOSTIC, isActionable, type Plan } from "../../model/plan.js";
import type { ProviderContext } from "./context.js";
import { ProviderError } from "./kind.js";

/**
 * Reads what a one-item desired state needs and plans it with the CLI's own read-plan step; refuses on plan
 * errors (unknown queue, undeployed version, a schedule's task that is not a scheduled task of the version…) and
 * on schedules that wait for a deployment (they could not be seen afterwards). `adjust` may amend the live state first.
 */
export async function planItem(ctx: ProviderContext, desired: DesiredState, adjust?: (live: LiveState) => void): Promise<Plan> {
  const { plan } = await readAndPlan(desired, ctx.client, ctx.binding, adjust ? { onRead: adjust } : {});
  const errors = plan.diagnostics.filter((d) => d.severity === "error" || d.code === DIAGNOSTIC.noCurrentDeployment);
  if (errors.length > 0) throw new ProviderError(errors.map((d) => d.message).join(" "));
  return plan;
}

/**
 * Makes live match a one-item desired state with the same planner and apply as the CLI ({@link planItem}), and
 * fails with the API's own messages. Returns the plan it carried out.
 */
export async function convergeItem(ctx: ProviderContext, desired: DesiredState, adjust?: (live: LiveState) => void): Promise<Plan> {
  const plan = await planItem(ctx, desired, adjust);
  if (!plan.changes.some(isActionable)) return plan;
  const result = await applyPlan(plan, desired, ctx.ops);
  if (result.failed.length > 0) {
    throw new ProviderError(result.failed.map((f) => `${f.address}: ${f.error}`).join("; "));
  }
  return plan;
}

/** Reads the live state of a one-item desired state. */
export function readItem(ctx: ProviderContext, desired: DesiredState): Promise<LiveState> {
  return readLive(desired, ctx.client, { binding: ctx.binding });
}
