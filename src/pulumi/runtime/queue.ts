import { HttpError } from "../../client/errors.js";
import { codeDeclaredLimit } from "../../engine/diff-queue.js";
import type { DesiredQueue, DesiredState } from "../../model/desired.js";
import type { LiveQueue } from "../../model/live.js";
import { address } from "../../model/plan.js";
import type { QueueSettingInputs, QueueSettingOutputs } from "../types.js";
import { convergeItem, readItem } from "./converge.js";
import { desiredEnvironment, queueOf, validateInputs } from "./desired.js";
import { ProviderError, type KindAdapter } from "./kind.js";
import { compact } from "./values.js";

function wanted(desired: DesiredState): DesiredQueue {
  return (desiredEnvironment(desired).queues ?? [])[0];
}

function findQueue(queues: readonly LiveQueue[] | undefined, q: { type: string; name: string }): LiveQueue | undefined {
  return queues?.find((l) => l.type === q.type && l.name === q.name);
}

/** Only the fields the resource manages are in the state: an omitted field is not managed. */
function outputs(inputs: QueueSettingInputs, want: DesiredQueue, live: LiveQueue, stamp: string): QueueSettingOutputs {
  return compact({
    project: inputs.project,
    environment: inputs.environment,
    apiUrl: inputs.apiUrl,
    queue: inputs.queue,
    concurrencyLimit: want.concurrencyLimit === undefined ? undefined : live.override,
    paused: want.paused === undefined ? undefined : live.paused,
    queueId: live.id,
    baseConcurrencyLimit: codeDeclaredLimit(live),
    providerVersion: stamp,
  });
}

function inputsOf(o: QueueSettingOutputs): QueueSettingInputs {
  const { queueId: _id, baseConcurrencyLimit: _b, providerVersion: _v, ...inputs } = o;
  return inputs;
}

/** Queue settings: identity environment + queue type + name; queues themselves are never created or deleted. */
export const queueKind: KindAdapter<QueueSettingInputs, QueueSettingOutputs> = {
  diff(olds, _news, desired) {
    const want = wanted(desired);
    // The state holds exactly the managed fields, as live has them: starting or stopping to manage a field
    // (undefined on one side) is a change of its own, as is any other value (null: no override).
    return { changed: olds.concurrencyLimit !== want.concurrencyLimit || olds.paused !== want.paused, replaces: [] };
  },

  async existing(ctx, _inputs, desired) {
    const want = wanted(desired);
    // Queues come from deploys and always exist; what a delete would remove is a live concurrency override.
    if (want.concurrencyLimit === undefined) return undefined;
    const live = findQueue((await readItem(ctx, desired)).environments[0]?.queues, want);
    if (!live || live.override === null) return undefined;
    const by = live.overriddenBy ? `, set by ${live.overriddenBy}` : "";
    return `The concurrency override ${live.override} of ${address.queue(desired.environments[0].name, want.type, want.name)}${by}`;
  },

  async converge(ctx, inputs, desired, stamp) {
    const want = wanted(desired);
    await convergeItem(ctx, desired);
    const live = findQueue((await readItem(ctx, desired)).environments[0]?.queues, want);
    const env = desired.environments[0].name;
    if (!live) throw new ProviderError(`${address.queue(env, want.type, want.name)} cannot be read back.`);
    return { id: address.queue(env, want.type, want.name), outs: outputs(inputs, want, live, stamp) };
  },

  async read(ctx, id, props, stamp) {
    const { desired } = validateInputs("queue", inputsOf(props));
    if (!desired) return undefined;
    const want = wanted(desired);
    const live = findQueue((await readItem(ctx, desired)).environments[0]?.queues, want);
    if (!live) return undefined;
    const outs = outputs(props, want, live, stamp);
    return { id, props: outs, inputs: inputsOf(outs) };
  },

  async delete(ctx, _id, props) {
    // Deleting the resource removes the override it managed; the pause state is left as it is.
    if (props.concurrencyLimit === undefined) return;
    try {
      await ctx.ops.resetQueue(props.environment, queueOf(props.queue));
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 404)) throw error;
    }
  },

  secretsOf: () => [],
};
