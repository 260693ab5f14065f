import type { ProjectBinding } from "../client/credentials.js";
import type { TriggerClient } from "../client/client.js";
import type { ApplyOps } from "../engine/ops.js";
import { planChanges, type PlanOptions } from "../engine/plan.js";
import type { DesiredState } from "../model/desired.js";
import type { LiveState } from "../model/live.js";
import type { Plan } from "../model/plan.js";
import { bindOps } from "./binding.js";
import { nodeSha256Hex } from "./hash.js";
import { createApplyOps } from "./ops.js";
import { readLive, type ReadLiveOptions } from "./read.js";

/** Options of {@link readAndPlan}. */
export interface ReadAndPlanOptions extends Pick<PlanOptions, "showValues">, Pick<ReadLiveOptions, "savedGates"> {
  /**
   * Sees the live state before it is planned against: the CLI registers the secret values read with its redactor,
   * a Pulumi resource amends what it owns but the read cannot compare.
   */
  onRead?: (live: LiveState) => void;
}

/**
 * THE READ-PLAN STEP both edges run (the CLI's `plan`/`apply`, each Pulumi provider's create, update and diff
 * check): reads the live state `desired` manages through the project binding, so a foreign credential is refused
 * before anything is shown or written (product.md, Credentials), and plans it with the engine.
 */
export async function readAndPlan(
  desired: DesiredState,
  client: TriggerClient,
  binding: ProjectBinding,
  options: ReadAndPlanOptions = {},
): Promise<{ live: LiveState; plan: Plan }> {
  const live = await readLive(desired, client, { binding, ...(options.savedGates ? { savedGates: options.savedGates } : {}) });
  options.onRead?.(live);
  const plan = planChanges(desired, live, { showValues: options.showValues ?? false, hash: nodeSha256Hex });
  return { live, plan };
}

/** The operations `applyPlan` writes with, each environment's binding proven before its first write. */
export function boundOps(client: TriggerClient, binding: ProjectBinding): ApplyOps {
  return bindOps(createApplyOps(client), binding);
}
