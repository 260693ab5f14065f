import type { DesiredState } from "../../model/desired.js";
import type { LiveDeploymentRef } from "../../model/live.js";
import { address } from "../../model/plan.js";
import type { DeploymentPromotionInputs, DeploymentPromotionOutputs } from "../types.js";
import { convergeItem, readItem } from "./converge.js";
import { validateInputs } from "./desired.js";
import { ProviderError, type KindAdapter } from "./kind.js";
import { compact } from "./values.js";

function outputs(inputs: DeploymentPromotionInputs, current: LiveDeploymentRef, stamp: string): DeploymentPromotionOutputs {
  return compact({
    project: inputs.project,
    environment: inputs.environment,
    apiUrl: inputs.apiUrl,
    version: current.version,
    deploymentId: current.id,
    providerVersion: stamp,
  });
}

function inputsOf(o: DeploymentPromotionOutputs): DeploymentPromotionInputs {
  const { deploymentId: _id, providerVersion: _v, ...inputs } = o;
  return inputs;
}

async function currentOf(ctx: Parameters<typeof readItem>[0], desired: DesiredState): Promise<LiveDeploymentRef | null> {
  return (await readItem(ctx, desired)).environments[0]?.deployment?.current ?? null;
}

/** The promoted deployment of one environment; deleting the resource leaves the live version as it is. */
export const deploymentKind: KindAdapter<DeploymentPromotionInputs, DeploymentPromotionOutputs> = {
  diff(olds, _news, desired) {
    // State only: whether the version is deployed and promotable is the server's call at update time. A followed
    // environment's version is only known by reading it, which create and update do.
    const want = desired.environments[0].deployment!;
    return { changed: want.version !== undefined && want.version !== olds.version, replaces: [] };
  },

  async converge(ctx, inputs, desired, stamp) {
    await convergeItem(ctx, desired);
    const current = await currentOf(ctx, desired);
    const env = desired.environments[0].name;
    if (!current) throw new ProviderError(`${address.deployment(env)}: no deployment is current after the promotion.`);
    return { id: address.deployment(env), outs: outputs(inputs, current, stamp) };
  },

  async read(ctx, id, props, stamp) {
    const { desired } = validateInputs("deployment", inputsOf(props));
    if (!desired) return undefined;
    const current = await currentOf(ctx, desired);
    if (!current) return undefined;
    const outs = outputs(props, current, stamp);
    return { id, props: outs, inputs: inputsOf(outs) };
  },

  async delete() {
    // Nothing to undo: an environment always runs some version; the live one stays current.
  },

  secretsOf: () => [],
};
