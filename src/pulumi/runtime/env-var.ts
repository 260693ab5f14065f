import { HttpError } from "../../client/errors.js";
import { isPresenceOnly, type DesiredEnvVar, type DesiredState } from "../../model/desired.js";
import type { LiveEnvVar } from "../../model/live.js";
import { address } from "../../model/plan.js";
import type { EnvVarInputs, EnvVarOutputs } from "../types.js";
import { convergeItem, readItem } from "./converge.js";
import { desiredEnvironment, validateInputs } from "./desired.js";
import { ProviderError, type KindAdapter } from "./kind.js";
import { compact } from "./values.js";

function wanted(desired: DesiredState): DesiredEnvVar {
  return Object.values(desiredEnvironment(desired).envVars ?? {})[0];
}

/**
 * The state. The value is echoed only under `value`, the key of the (always secret) input, so the engine
 * keeps it secret (shared/reference/pulumi-dynamic.md §1.6); no other output is derived from it.
 */
function outputs(inputs: EnvVarInputs, want: DesiredEnvVar, live: LiveEnvVar | undefined, stamp: string): EnvVarOutputs {
  const presence = isPresenceOnly(want);
  return compact({
    project: inputs.project,
    environment: inputs.environment,
    apiUrl: inputs.apiUrl,
    name: want.name,
    value: presence ? undefined : (live?.value ?? want.value),
    secret: presence ? (live?.isSecret ?? want.secret) : want.secret,
    exists: presence,
    providerVersion: stamp,
  });
}

function inputsOf(o: EnvVarOutputs): EnvVarInputs {
  const { providerVersion: _v, ...inputs } = o;
  return inputs;
}

/** Environment variables: identity environment + name; values stay secret. */
export const envVarKind: KindAdapter<EnvVarInputs, EnvVarOutputs> = {
  diff(olds, _news, desired) {
    const want = wanted(desired);
    if (olds.exists !== isPresenceOnly(want)) return { changed: true, replaces: [] };
    // `exists: true` checks presence only: nothing of it is compared.
    if (isPresenceOnly(want)) return { changed: false, replaces: [] };
    // A value the state does not hold cannot be compared (the planner notes it instead of inventing drift).
    const valueChanged = olds.value !== undefined && olds.value !== want.value;
    return { changed: valueChanged || olds.secret !== want.secret, replaces: [] };
  },

  async existing(ctx, _inputs, desired) {
    const want = wanted(desired);
    // `exists: true` only refers to a variable managed elsewhere: it is never written nor deleted.
    if (isPresenceOnly(want)) return undefined;
    const env = desired.environments[0].name;
    const live = (await readItem(ctx, desired)).environments[0]?.envVars?.[want.name];
    // Inherited by a preview branch: the write creates the branch's own value, which a delete removes again.
    return live && !live.inherited ? `Environment variable ${want.name} in ${env}` : undefined;
  },

  async converge(ctx, inputs, desired, stamp) {
    const want = wanted(desired);
    const env = desired.environments[0].name;
    await convergeItem(ctx, desired, (live) => {
      // A secret value that cannot be read back is not compared by the planner; Pulumi owns the value, so
      // treat the variable as absent and write it (create is an upsert, api-behaviour.md §0.2).
      const vars = live.environments[0]?.envVars;
      if (vars && !isPresenceOnly(want) && vars[want.name] && vars[want.name].value === undefined) delete vars[want.name];
    });
    const live = (await readItem(ctx, desired)).environments[0]?.envVars?.[want.name];
    if (!live) throw new ProviderError(`${address.envVar(env, want.name)} was written but cannot be read back.`);
    return { id: address.envVar(env, want.name), outs: outputs(inputs, want, isPresenceOnly(want) ? live : undefined, stamp) };
  },

  async read(ctx, id, props, stamp) {
    const { desired } = validateInputs("envVar", inputsOf(props));
    if (!desired) return undefined;
    const want = wanted(desired);
    const live = (await readItem(ctx, desired)).environments[0]?.envVars?.[want.name];
    if (!live) return undefined;
    const outs = outputs(props, want, live, stamp);
    if (!isPresenceOnly(want)) outs.secret = live.isSecret;
    return { id, props: outs, inputs: inputsOf(outs) };
  },

  async delete(ctx, _id, props) {
    if (props.exists) return; // managed elsewhere: never deleted
    try {
      await ctx.ops.deleteEnvVar(props.environment, props.name);
    } catch (error) {
      // 404, or 400 "Environment variable value not found" when it only exists elsewhere (api-behaviour.md §0.3).
      const gone = error instanceof HttpError && (error.status === 404 || (error.status === 400 && /not found/i.test(error.error ?? "")));
      if (!gone) throw error;
    }
  },

  secretsOf: (props) => (typeof props.value === "string" && props.value.length > 0 ? [props.value] : []),
};
