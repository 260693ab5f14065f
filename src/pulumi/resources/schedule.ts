import * as pulumi from "@pulumi/pulumi";
import { ScheduleProvider } from "../providers/schedule.js";
import { PULUMI_MODULE, type AdoptArgs, type CommonArgs } from "./common.js";

/**
 * One stateless provider for every Schedule: the SDK serializes a provider once per object, so sharing it
 * serializes once per program instead of once per resource.
 */
const PROVIDER = new ScheduleProvider();

/** Arguments of {@link Schedule}. */
export interface ScheduleArgs extends CommonArgs, AdoptArgs {
  /** The schedule key (the YAML map key): with the environment, the schedule's identity. */
  key: pulumi.Input<string>;
  /** Id of the scheduled task to run. Changing it replaces the schedule (the API never changes a task). */
  task: pulumi.Input<string>;
  /** Cron expression with exactly five space-separated fields. */
  cron: pulumi.Input<string>;
  /** IANA timezone. @default "UTC" */
  timezone?: pulumi.Input<string>;
  /** Free-form id passed to runs. @default null */
  externalId?: pulumi.Input<string | null>;
  /** Whether the schedule fires. @default true */
  active?: pulumi.Input<boolean>;
  /** Unique per project. @default "iac:<environment>:<key>" */
  deduplicationKey?: pulumi.Input<string>;
}

/**
 * An imperative Trigger.dev schedule. `create` refuses an existing schedule with the same deduplicationKey
 * unless `adopt: true` (Pulumi import cannot reach dynamic resources); deleting the resource deletes the schedule.
 * @example
 * new Schedule("nightly-cleanup", { project, environment: "prod", key: "nightly-cleanup",
 *   task: "cleanup", cron: "0 3 * * *", timezone: "Europe/London" });
 */
export class Schedule extends pulumi.dynamic.Resource {
  declare readonly project: pulumi.Output<string>;
  declare readonly environment: pulumi.Output<string>;
  declare readonly key: pulumi.Output<string>;
  declare readonly task: pulumi.Output<string>;
  declare readonly cron: pulumi.Output<string>;
  declare readonly timezone: pulumi.Output<string>;
  declare readonly externalId: pulumi.Output<string | null>;
  declare readonly active: pulumi.Output<boolean>;
  declare readonly deduplicationKey: pulumi.Output<string>;
  /** The server id, `sched_…`. */
  declare readonly scheduleId: pulumi.Output<string>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: ScheduleArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      PROVIDER,
      name,
      { scheduleId: undefined, providerVersion: undefined, timezone: undefined, externalId: undefined, active: undefined, deduplicationKey: undefined, ...args },
      opts,
      PULUMI_MODULE,
      "Schedule",
    );
  }
}
