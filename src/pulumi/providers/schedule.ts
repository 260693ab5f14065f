import type * as pulumi from "@pulumi/pulumi";
import type { ScheduleInputs, ScheduleOutputs } from "../types.js";
import { PROVIDER_VERSION } from "../version.js";
import { callProviderRuntime } from "./call-runtime.js";

/**
 * The dynamic provider of {@link Schedule}. Serialized into state: it captures only `PROVIDER_VERSION` and
 * {@link callProviderRuntime}; every method delegates to the runtime loaded from the installed package.
 */
export class ScheduleProvider implements pulumi.dynamic.ResourceProvider<ScheduleInputs, ScheduleOutputs> {
  async check(olds: ScheduleInputs, news: ScheduleInputs): Promise<pulumi.dynamic.CheckResult<ScheduleInputs>> {
    return (await callProviderRuntime("schedule", "check", [olds, news], PROVIDER_VERSION)) as pulumi.dynamic.CheckResult<ScheduleInputs>;
  }
  async diff(id: string, olds: ScheduleOutputs, news: ScheduleInputs): Promise<pulumi.dynamic.DiffResult> {
    return (await callProviderRuntime("schedule", "diff", [id, olds, news], PROVIDER_VERSION)) as pulumi.dynamic.DiffResult;
  }
  async create(inputs: ScheduleInputs): Promise<pulumi.dynamic.CreateResult<ScheduleOutputs>> {
    return (await callProviderRuntime("schedule", "create", [inputs], PROVIDER_VERSION)) as pulumi.dynamic.CreateResult<ScheduleOutputs>;
  }
  async read(id: string, props?: ScheduleOutputs): Promise<pulumi.dynamic.ReadResult<ScheduleOutputs>> {
    return (await callProviderRuntime("schedule", "read", [id, props], PROVIDER_VERSION)) as pulumi.dynamic.ReadResult<ScheduleOutputs>;
  }
  async update(id: string, olds: ScheduleOutputs, news: ScheduleInputs): Promise<pulumi.dynamic.UpdateResult<ScheduleOutputs>> {
    return (await callProviderRuntime("schedule", "update", [id, olds, news], PROVIDER_VERSION)) as pulumi.dynamic.UpdateResult<ScheduleOutputs>;
  }
  async delete(id: string, props: ScheduleOutputs): Promise<void> {
    await callProviderRuntime("schedule", "delete", [id, props], PROVIDER_VERSION);
  }
}
