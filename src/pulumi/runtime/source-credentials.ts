import { CredentialSetupError, resolveCredentials, SECRET_KEY_VARIABLE, type EnvironmentCredential } from "../../client/credentials.js";
import type { EnvironmentName } from "../../model/environments.js";
import type { CommonInputs } from "../types.js";
import { ProviderError } from "./kind.js";

/** The promotion inputs that name other environments to read (DeploymentPromotion only). */
interface SourceInputs {
  follow?: unknown;
  gate?: { from?: unknown } | null;
}

/**
 * The environments a resource reads besides its own: a DeploymentPromotion's `follow` (its current version, and
 * the gate's runs) or, with a pinned version, `gate.from`. Empty for every other kind.
 */
export function sourceEnvironments(inputs: CommonInputs): EnvironmentName[] {
  const i = inputs as CommonInputs & SourceInputs;
  const named = [i.follow, i.gate?.from].filter((e): e is EnvironmentName => typeof e === "string" && e !== inputs.environment);
  return [...new Set(named)];
}

/**
 * Credentials for the source environments, from the process environment like the resource's own (product.md,
 * Credentials): `TRIGGER_SECRET_KEY_<SOURCE>` or `TRIGGER_ACCESS_TOKEN`. `TRIGGER_SECRET_KEY` is never used for a
 * source, since it stands for the one environment a resource acts on. Only read there (the current deployment,
 * the runs list), never written. A missing one is an error that says which variable to set.
 */
export function sourceCredentials(inputs: CommonInputs, env: Record<string, string | undefined>): Partial<Record<EnvironmentName, EnvironmentCredential>> {
  const result: Partial<Record<EnvironmentName, EnvironmentCredential>> = {};
  for (const source of sourceEnvironments(inputs)) {
    try {
      result[source] = resolveCredentials({ ...env, TRIGGER_SECRET_KEY: undefined }, [source])[source];
    } catch (error) {
      if (!(error instanceof CredentialSetupError)) throw error;
      // A key of the wrong environment in TRIGGER_SECRET_KEY_<SOURCE> keeps its own message (which names the variable).
      const why = error.missing ? "there is no credential for it" : error.message;
      throw new ProviderError(
        `${inputs.environment}.deployment reads ${source} (${readsOf(inputs, source)}), and ${why}: set ` +
          `${SECRET_KEY_VARIABLE[source]} (the ${source} secret key; only read with it) or TRIGGER_ACCESS_TOKEN where Pulumi runs.`,
      );
    }
  }
  return result;
}

function readsOf(inputs: CommonInputs, source: EnvironmentName): string {
  const i = inputs as CommonInputs & SourceInputs;
  const gate = i.gate ? " and the gate's runs" : "";
  return i.follow === source ? `follow: its current version${gate}` : "gate.from: the gate's runs";
}
