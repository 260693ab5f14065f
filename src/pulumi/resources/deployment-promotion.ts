import type * as pulumi from "@pulumi/pulumi";
import { pulumiSdk } from "../sdk.js";
import { DeploymentPromotionProvider } from "../providers/deployment-promotion.js";
import type { GateConfig, VerifyConfig } from "../../config/types.js";
import { PULUMI_MODULE, type CommonArgs } from "./common.js";

/**
 * One stateless provider for every DeploymentPromotion: the SDK serializes a provider once per object, so sharing it
 * serializes once per program instead of once per resource.
 */
const PROVIDER = new DeploymentPromotionProvider();

/** Arguments of {@link DeploymentPromotion}. */
export interface DeploymentPromotionArgs extends CommonArgs {
  /** The deployment version that should be current, e.g. `"20261120.3"`; it must be deployed. Exclusive with `follow`. */
  version?: pulumi.Input<string>;
  /**
   * Promote whatever version is current in this other environment. It is read every time Pulumi checks the
   * inputs (each `pulumi preview`, and the update pass of each `pulumi up`): when it moved, the diff shows an
   * update and `pulumi preview --diff` shows the new version as `candidate`. The update promotes exactly that
   * version, so a chain (prod follows staging follows dev) moves one step per `pulumi up`, as the CLI does.
   * Needs a credential for the followed environment too (see {@link DeploymentPromotion}).
   */
  follow?: pulumi.Input<"dev" | "staging" | "prod" | "preview">;
  /**
   * Evidence required first, counted when the update runs: the candidate's finished runs in the followed
   * environment (or `gate.from` with a pinned `version`). A failed gate fails the create or update with the
   * evidence in the message, the same words as `trigger-iac plan`, and nothing is promoted.
   */
  gate?: pulumi.Input<GateConfig>;
  /**
   * After promoting, watch the new version's runs in this environment for `verify.for` (the create or update
   * waits; progress is logged a line per poll). On a breach the create or update fails saying what happened,
   * after promoting the previous version again with `rollback: true`.
   */
  verify?: pulumi.Input<VerifyConfig>;
}

/**
 * The deployment version promoted (current) in one environment. An older version is promoted as a rollback.
 * Deleting the resource leaves the live version as it is.
 *
 * Credentials come from the process environment when a method runs, never from inputs or state: the
 * environment's own (`TRIGGER_SECRET_KEY_<ENV>`, `TRIGGER_SECRET_KEY` or `TRIGGER_ACCESS_TOKEN`), and with
 * `follow` or `gate.from` the source environment's too (`TRIGGER_SECRET_KEY_<SOURCE>` or
 * `TRIGGER_ACCESS_TOKEN`; it is only read there, and proved to belong to the project before it is). Without
 * one, the check fails on `follow` (or the update on `gate.from`) naming the variable to set.
 * @example new DeploymentPromotion("prod", { project, environment: "prod", version: "20261120.3" });
 * @example new DeploymentPromotion("prod", { project, environment: "prod", follow: "staging",
 *   gate: { minRuns: 20, maxFailureRate: 0.05, window: "24h" },
 *   verify: { for: "10m", minRuns: 5, maxFailureRate: 0.1, rollback: true } });
 */
export class DeploymentPromotion extends pulumiSdk.dynamic.Resource {
  declare readonly project: pulumi.Output<string>;
  declare readonly environment: pulumi.Output<string>;
  /** The version current after the last update (with `follow`, the one promoted from the followed environment). */
  declare readonly version: pulumi.Output<string>;
  /** The server id of the promoted deployment. */
  declare readonly deploymentId: pulumi.Output<string>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: DeploymentPromotionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      PROVIDER,
      name,
      // `version` is listed for `follow` too, where it is an output only.
      { version: undefined, deploymentId: undefined, providerVersion: undefined, ...args },
      opts,
      PULUMI_MODULE,
      "DeploymentPromotion",
    );
  }
}
