import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentName } from "../../model/environments.js";

/** The Pulumi module of every resource type: tokens are `pulumi-nodejs:dynamic/triggerdev:<Type>`. */
export const PULUMI_MODULE = "triggerdev";

/** Arguments every resource takes. */
export interface CommonArgs {
  /** Project ref, `proj_…`. */
  project: pulumi.Input<string>;
  /** `dev`, `staging`, `prod` or `preview`. */
  environment: pulumi.Input<EnvironmentName>;
  /**
   * API base URL for self-hosted Trigger.dev; the `TRIGGER_API_URL` environment variable overrides it.
   * @default "https://api.trigger.dev"
   */
  apiUrl?: pulumi.Input<string>;
}

/** The argument of the resources whose `create` refuses to take over an object that already exists. */
export interface AdoptArgs {
  /**
   * Take over a remote object that already exists with this identity (a warning is logged). Without it,
   * `create` refuses such an object: Pulumi did not make it, and a later `pulumi destroy` would delete it.
   * Pulumi's `import` resource option cannot reach dynamic resources, so this is the way to adopt.
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
}
