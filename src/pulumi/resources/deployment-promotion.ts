import * as pulumi from "@pulumi/pulumi";
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
  /** Promote whatever version is current in this other environment, read at diff and update time. */
  follow?: pulumi.Input<"dev" | "staging" | "prod" | "preview">;
  /** Evidence required first: a failed gate fails the update with the evidence in the message. */
  gate?: pulumi.Input<GateConfig>;
  /** After promoting, watch the new version's runs; a breach fails the update (after rolling back with `rollback: true`). */
  verify?: pulumi.Input<VerifyConfig>;
}

/**
 * The deployment version promoted (current) in one environment. An older version is promoted as a rollback.
 * Deleting the resource leaves the live version as it is.
 * @example new DeploymentPromotion("prod", { project, environment: "prod", version: "20261120.3" });
 * @example new DeploymentPromotion("prod", { project, environment: "prod", follow: "staging",
 *   gate: { minRuns: 20, maxFailureRate: 0.05, window: "24h" } });
 */
export class DeploymentPromotion extends pulumi.dynamic.Resource {
  declare readonly project: pulumi.Output<string>;
  declare readonly environment: pulumi.Output<string>;
  declare readonly version: pulumi.Output<string>;
  /** The server id of the promoted deployment. */
  declare readonly deploymentId: pulumi.Output<string>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: DeploymentPromotionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      PROVIDER,
      name,
      { deploymentId: undefined, providerVersion: undefined, ...args },
      opts,
      PULUMI_MODULE,
      "DeploymentPromotion",
    );
  }
}
