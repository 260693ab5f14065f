import type * as pulumi from "@pulumi/pulumi";
import type { DeploymentPromotionInputs, DeploymentPromotionOutputs } from "../types.js";
import { PROVIDER_VERSION } from "../version.js";
import { callProviderRuntime } from "./call-runtime.js";

/**
 * The dynamic provider of {@link DeploymentPromotion}. Serialized into state: it captures only `PROVIDER_VERSION` and
 * {@link callProviderRuntime}; every method delegates to the runtime loaded from the installed package.
 */
export class DeploymentPromotionProvider implements pulumi.dynamic.ResourceProvider<DeploymentPromotionInputs, DeploymentPromotionOutputs> {
  async check(olds: DeploymentPromotionInputs, news: DeploymentPromotionInputs): Promise<pulumi.dynamic.CheckResult<DeploymentPromotionInputs>> {
    return (await callProviderRuntime("deployment", "check", [olds, news], PROVIDER_VERSION)) as pulumi.dynamic.CheckResult<DeploymentPromotionInputs>;
  }
  async diff(id: string, olds: DeploymentPromotionOutputs, news: DeploymentPromotionInputs): Promise<pulumi.dynamic.DiffResult> {
    return (await callProviderRuntime("deployment", "diff", [id, olds, news], PROVIDER_VERSION)) as pulumi.dynamic.DiffResult;
  }
  async create(inputs: DeploymentPromotionInputs): Promise<pulumi.dynamic.CreateResult<DeploymentPromotionOutputs>> {
    return (await callProviderRuntime("deployment", "create", [inputs], PROVIDER_VERSION)) as pulumi.dynamic.CreateResult<DeploymentPromotionOutputs>;
  }
  async read(id: string, props?: DeploymentPromotionOutputs): Promise<pulumi.dynamic.ReadResult<DeploymentPromotionOutputs>> {
    return (await callProviderRuntime("deployment", "read", [id, props], PROVIDER_VERSION)) as pulumi.dynamic.ReadResult<DeploymentPromotionOutputs>;
  }
  async update(id: string, olds: DeploymentPromotionOutputs, news: DeploymentPromotionInputs): Promise<pulumi.dynamic.UpdateResult<DeploymentPromotionOutputs>> {
    return (await callProviderRuntime("deployment", "update", [id, olds, news], PROVIDER_VERSION)) as pulumi.dynamic.UpdateResult<DeploymentPromotionOutputs>;
  }
  async delete(id: string, props: DeploymentPromotionOutputs): Promise<void> {
    await callProviderRuntime("deployment", "delete", [id, props], PROVIDER_VERSION);
  }
}
