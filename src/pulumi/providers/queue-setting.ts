import type * as pulumi from "@pulumi/pulumi";
import type { QueueSettingInputs, QueueSettingOutputs } from "../types.js";
import { PROVIDER_VERSION } from "../version.js";
import { callProviderRuntime } from "./call-runtime.js";

/**
 * The dynamic provider of {@link QueueSetting}. Serialized into state: it captures only `PROVIDER_VERSION` and
 * {@link callProviderRuntime}; every method delegates to the runtime loaded from the installed package.
 */
export class QueueSettingProvider implements pulumi.dynamic.ResourceProvider<QueueSettingInputs, QueueSettingOutputs> {
  async check(olds: QueueSettingInputs, news: QueueSettingInputs): Promise<pulumi.dynamic.CheckResult<QueueSettingInputs>> {
    return (await callProviderRuntime("queue", "check", [olds, news], PROVIDER_VERSION)) as pulumi.dynamic.CheckResult<QueueSettingInputs>;
  }
  async diff(id: string, olds: QueueSettingOutputs, news: QueueSettingInputs): Promise<pulumi.dynamic.DiffResult> {
    return (await callProviderRuntime("queue", "diff", [id, olds, news], PROVIDER_VERSION)) as pulumi.dynamic.DiffResult;
  }
  async create(inputs: QueueSettingInputs): Promise<pulumi.dynamic.CreateResult<QueueSettingOutputs>> {
    return (await callProviderRuntime("queue", "create", [inputs], PROVIDER_VERSION)) as pulumi.dynamic.CreateResult<QueueSettingOutputs>;
  }
  async read(id: string, props?: QueueSettingOutputs): Promise<pulumi.dynamic.ReadResult<QueueSettingOutputs>> {
    return (await callProviderRuntime("queue", "read", [id, props], PROVIDER_VERSION)) as pulumi.dynamic.ReadResult<QueueSettingOutputs>;
  }
  async update(id: string, olds: QueueSettingOutputs, news: QueueSettingInputs): Promise<pulumi.dynamic.UpdateResult<QueueSettingOutputs>> {
    return (await callProviderRuntime("queue", "update", [id, olds, news], PROVIDER_VERSION)) as pulumi.dynamic.UpdateResult<QueueSettingOutputs>;
  }
  async delete(id: string, props: QueueSettingOutputs): Promise<void> {
    await callProviderRuntime("queue", "delete", [id, props], PROVIDER_VERSION);
  }
}
