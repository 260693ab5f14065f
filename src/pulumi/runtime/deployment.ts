import { canonicalJson } from "../../engine/canonical.js";
import { readCurrentDeployment } from "../../live/index.js";
import type { DesiredState } from "../../model/desired.js";
import type { LiveDeploymentRef } from "../../model/live.js";
import { address } from "../../model/plan.js";
import type { DeploymentPromotionInputs, DeploymentPromotionOutputs } from "../types.js";
import type { ProviderContext } from "./context.js";
import { readItem } from "./converge.js";
import { validateInputs } from "./desired.js";
import { ProviderError, type KindAdapter } from "./kind.js";
import { promote } from "./promotion.js";
import { compact } from "./values.js";

function outputs(inputs: DeploymentPromotionInputs, current: LiveDeploymentRef, stamp: string): DeploymentPromotionOutputs {
  return compact({
    project: inputs.project,
    environment: inputs.environment,
    apiUrl: inputs.apiUrl,
    version: current.version,
    follow: inputs.follow,
    gate: inputs.gate,
    verify: inputs.verify,
    deploymentId: current.id,
    providerVersion: stamp,
  });
}

/** The inputs a refresh reports: a followed promotion keeps following (the live version is its state only). */
function inputsOf(o: DeploymentPromotionOutputs): DeploymentPromotionInputs {
  const { deploymentId: _id, providerVersion: _v, version, ...inputs } = o;
  return compact(o.follow === undefined ? { ...inputs, version } : inputs);
}

/** The promotion settings besides the version, compared as data (key order is the wire's business). */
const settings = (o: Partial<DeploymentPromotionInputs>) => canonicalJson({ follow: o.follow, gate: o.gate, verify: o.verify });

async function currentOf(ctx: ProviderContext, desired: DesiredState): Promise<LiveDeploymentRef | null> {
  return (await readItem(ctx, desired)).environments[0]?.deployment?.current ?? null;
}

/** The promoted deployment of one environment; deleting the resource leaves the live version as it is. */
export const deploymentKind: KindAdapter<DeploymentPromotionInputs, DeploymentPromotionOutputs> = {
  diff(olds, news, desired) {
    const want = desired.environments[0].deployment!;
    // With follow, the version `check` read in the followed environment (src/pulumi/runtime/promotion.ts).
    const version = want.version ?? news.candidate;
    // State only: whether the version is deployed and promotable (and its gate) is the server's call at update
    // time. The state's version against the wanted one, and the promotion settings as data.
    return { changed: version === undefined || version !== olds.version || settings(olds) !== settings(news), replaces: [] };
  },

  async converge(ctx, inputs, desired, stamp) {
    await promote(ctx, inputs, desired);
    const env = desired.environments[0].name;
    // Read back directly: the promotion (or the plan's read) proved the credential already.
    const current = await readCurrentDeployment(ctx.client, env);
    if (current === null) throw new ProviderError(`${address.deployment(env)}: no deployment is current after the promotion.`);
    return { id: address.deployment(env), outs: outputs(inputs, current, stamp) };
  },

  async read(ctx, id, props, stamp) {
    // Only the environment's own current version: a refresh never reads the followed environment or counts runs.
    const { desired } = validateInputs("deployment", { project: props.project, environment: props.environment, apiUrl: props.apiUrl, version: props.version });
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
