import * as pulumi from "@pulumi/pulumi";
import { EnvVarProvider } from "../providers/env-var.js";
import { PULUMI_MODULE, type AdoptArgs, type CommonArgs } from "./common.js";

/**
 * One stateless provider for every EnvVar: the SDK serializes a provider once per object, so sharing it
 * serializes once per program instead of once per resource.
 */
const PROVIDER = new EnvVarProvider();

/** Arguments of {@link EnvVar}. Give either `value` or `exists: true`. */
export interface EnvVarArgs extends CommonArgs, AdoptArgs {
  /** Variable name: with the environment, the variable's identity. */
  name: pulumi.Input<string>;
  /** The value. Always kept as a Pulumi secret in state, whatever `secret` says. */
  value?: pulumi.Input<string>;
  /** Mark the variable secret on Trigger.dev (its value reads back redacted). @default false */
  secret?: pulumi.Input<boolean>;
  /** The variable must exist; its value is managed elsewhere, never written, and never deleted. @default false */
  exists?: pulumi.Input<boolean>;
}

/**
 * A Trigger.dev environment variable. `create` refuses an existing variable with the same name unless
 * `adopt: true`; deleting the resource deletes the variable (except with `exists: true`).
 * @example
 * new EnvVar("slack", { project, environment: "prod", name: "SLACK_WEBHOOK_URL",
 *   value: cfg.requireSecret("slackWebhook"), secret: true });
 */
export class EnvVar extends pulumi.dynamic.Resource {
  declare readonly project: pulumi.Output<string>;
  declare readonly environment: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** Always secret. */
  declare readonly value: pulumi.Output<string | undefined>;
  declare readonly secret: pulumi.Output<boolean>;
  declare readonly exists: pulumi.Output<boolean>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: EnvVarArgs, opts?: pulumi.CustomResourceOptions) {
    // The provider receives the value in plaintext (the host does not accept secrets) and echoes it only
    // under the same key, `value`; making the input secret makes the engine keep that output secret, and
    // additionalSecretOutputs covers a program that passes a plain string.
    const value = args.value === undefined ? undefined : pulumi.secret(args.value);
    super(
      PROVIDER,
      name,
      { providerVersion: undefined, secret: undefined, exists: undefined, ...args, value },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "value"] },
      PULUMI_MODULE,
      "EnvVar",
    );
  }
}
