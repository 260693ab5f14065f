import { applyPlan } from "../../engine/apply.js";
import { DIAGNOSTIC } from "../../engine/notes.js";
import { isActionable } from "../../engine/order.js";
import { planChanges } from "../../engine/plan.js";
import { readLive } from "../../live/read.js";
import type { DesiredState } from "../../model/desired.js";
import type { LiveState } from "../../model/live.js";
import type { ProviderContext } from "./context.js";
import { ProviderError } from "./kind.js";

/**
 * Makes live match a one-item desired state with the same planner and apply as the CLI: read what the item
 * needs, plan, refuse on plan errors (unknown queue, undeployed version…), apply, and fail with the API's
 * own messages. `adjust` may amend the live state before planning (e.g. to force a write).
 * Returns the number of API changes made.
 */
export async function convergeItem(ctx: ProviderContext, desired: DesiredState, adjust?: (live: LiveState) => void): Promise<number> {
  const live = await readLive(desired, ctx.client, { binding: ctx.binding });
  adjust?.(live);
  const plan = planChanges(desired, live);
  // Schedules waiting for a deployment cannot be created here: the resource would never be seen (no-current-deployment).
  const errors = plan.diagnostics.filter((d) => d.severity === "error" || d.code === DIAGNOSTIC.noCurrentDeployment);
  if (errors.length > 0) throw new ProviderError(errors.map((d) => d.message).join(" "));
  const actionable = plan.changes.filter(isActionable);
  if (actionable.length === 0) return 0;
  const result = await applyPlan(plan, desired, ctx.ops);
  if (result.failed.length > 0) {
    throw new ProviderError(result.failed.map((f) => `${f.address}: ${f.error}`).join("; "));
  }
  return actionable.length;
}

/** Reads the live state of a one-item desired state. */
export function readItem(ctx: ProviderContext, desired: DesiredState): Promise<LiveState> {
  return readLive(desired, ctx.client, { binding: ctx.binding });
}
