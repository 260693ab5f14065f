import * as pulumi from "@pulumi/pulumi";
import { QueueSettingProvider } from "../providers/queue-setting.js";
import type { QueueSelector } from "../types.js";
import { PULUMI_MODULE, type AdoptArgs, type CommonArgs } from "./common.js";

/**
 * One stateless provider for every QueueSetting: the SDK serializes a provider once per object, so sharing it
 * serializes once per program instead of once per resource.
 */
const PROVIDER = new QueueSettingProvider();

/** Arguments of {@link QueueSetting}. A field that is omitted is not managed. */
export interface QueueSettingArgs extends CommonArgs, AdoptArgs {
  /** `{ task: "send-email" }` for a task's default queue, `{ custom: "shared-exports" }` for a queue() in code. */
  queue: pulumi.Input<QueueSelector>;
  /** Concurrency override, an integer from 0 to 100000; `null` removes the override. */
  concurrencyLimit?: pulumi.Input<number | null>;
  /** Pause (true) or resume (false) the queue. */
  paused?: pulumi.Input<boolean>;
}

/**
 * A queue's concurrency override and pause state. Queues come from deploys and are never created here:
 * a queue that does not exist fails `create` with the names of similar queues. A live override that Pulumi did
 * not set is refused by `create` unless `adopt: true`. Deleting the resource resets the override (the queue's
 * pause state is left as it is).
 * @example new QueueSetting("email", { project, environment: "prod", queue: { task: "send-email" }, concurrencyLimit: 20 });
 */
export class QueueSetting extends pulumi.dynamic.Resource {
  declare readonly project: pulumi.Output<string>;
  declare readonly environment: pulumi.Output<string>;
  declare readonly queue: pulumi.Output<QueueSelector>;
  declare readonly concurrencyLimit: pulumi.Output<number | null | undefined>;
  declare readonly paused: pulumi.Output<boolean | undefined>;
  /** The server id, `queue_…`. */
  declare readonly queueId: pulumi.Output<string>;
  /** The limit declared in code (null: unlimited). */
  declare readonly baseConcurrencyLimit: pulumi.Output<number | null>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: QueueSettingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      PROVIDER,
      name,
      { queueId: undefined, baseConcurrencyLimit: undefined, providerVersion: undefined, concurrencyLimit: undefined, paused: undefined, ...args },
      opts,
      PULUMI_MODULE,
      "QueueSetting",
    );
  }
}
