import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "../types.js";
import { PROVIDER_VERSION } from "../version.js";
import { callProviderRuntime } from "./call-runtime.js";

/**
 * The dynamic provider of every trigger-iac resource, one instance per kind. Serialized into state with the
 * resource: it captures only its `kind`, `PROVIDER_VERSION` and {@link callProviderRuntime}; every method
 * delegates to the runtime loaded from the installed package (protocol 1: kind, method, arguments, version), so
 * state written by older code keeps working with a newer package and the other way round.
 */
export class RuntimeProvider<I, O> implements pulumi.dynamic.ResourceProvider<I, O> {
  constructor(readonly kind: ProviderKind) {}

  async check(olds: I, news: I): Promise<pulumi.dynamic.CheckResult<I>> {
    return (await callProviderRuntime(this.kind, "check", [olds, news], PROVIDER_VERSION)) as pulumi.dynamic.CheckResult<I>;
  }
  async diff(id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
    return (await callProviderRuntime(this.kind, "diff", [id, olds, news], PROVIDER_VERSION)) as pulumi.dynamic.DiffResult;
  }
  async create(inputs: I): Promise<pulumi.dynamic.CreateResult<O>> {
    return (await callProviderRuntime(this.kind, "create", [inputs], PROVIDER_VERSION)) as pulumi.dynamic.CreateResult<O>;
  }
  async read(id: string, props?: O): Promise<pulumi.dynamic.ReadResult<O>> {
    return (await callProviderRuntime(this.kind, "read", [id, props], PROVIDER_VERSION)) as pulumi.dynamic.ReadResult<O>;
  }
  async update(id: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>> {
    return (await callProviderRuntime(this.kind, "update", [id, olds, news], PROVIDER_VERSION)) as pulumi.dynamic.UpdateResult<O>;
  }
  async delete(id: string, props: O): Promise<void> {
    await callProviderRuntime(this.kind, "delete", [id, props], PROVIDER_VERSION);
  }
}
