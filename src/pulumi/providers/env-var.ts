import type * as pulumi from "@pulumi/pulumi";
import type { EnvVarInputs, EnvVarOutputs } from "../types.js";
import { PROVIDER_VERSION } from "../version.js";
import { callProviderRuntime } from "./call-runtime.js";

/**
 * The dynamic provider of {@link EnvVar}. Serialized into state: it captures only `PROVIDER_VERSION` and
 * {@link callProviderRuntime}; every method delegates to the runtime loaded from the installed package.
 */
export class EnvVarProvider implements pulumi.dynamic.ResourceProvider<EnvVarInputs, EnvVarOutputs> {
  async check(olds: EnvVarInputs, news: EnvVarInputs): Promise<pulumi.dynamic.CheckResult<EnvVarInputs>> {
    return (await callProviderRuntime("envVar", "check", [olds, news], PROVIDER_VERSION)) as pulumi.dynamic.CheckResult<EnvVarInputs>;
  }
  async diff(id: string, olds: EnvVarOutputs, news: EnvVarInputs): Promise<pulumi.dynamic.DiffResult> {
    return (await callProviderRuntime("envVar", "diff", [id, olds, news], PROVIDER_VERSION)) as pulumi.dynamic.DiffResult;
  }
  async create(inputs: EnvVarInputs): Promise<pulumi.dynamic.CreateResult<EnvVarOutputs>> {
    return (await callProviderRuntime("envVar", "create", [inputs], PROVIDER_VERSION)) as pulumi.dynamic.CreateResult<EnvVarOutputs>;
  }
  async read(id: string, props?: EnvVarOutputs): Promise<pulumi.dynamic.ReadResult<EnvVarOutputs>> {
    return (await callProviderRuntime("envVar", "read", [id, props], PROVIDER_VERSION)) as pulumi.dynamic.ReadResult<EnvVarOutputs>;
  }
  async update(id: string, olds: EnvVarOutputs, news: EnvVarInputs): Promise<pulumi.dynamic.UpdateResult<EnvVarOutputs>> {
    return (await callProviderRuntime("envVar", "update", [id, olds, news], PROVIDER_VERSION)) as pulumi.dynamic.UpdateResult<EnvVarOutputs>;
  }
  async delete(id: string, props: EnvVarOutputs): Promise<void> {
    await callProviderRuntime("envVar", "delete", [id, props], PROVIDER_VERSION);
  }
}
