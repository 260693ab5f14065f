/**
 * A small step generator over {@link DynamicProviderHost}, doing what the engine does for one resource
 * (shared/reference/pulumi-dynamic.md §2.5): check, then create / same / update / replace (honouring
 * deleteBeforeReplace), refresh (read) and destroy, keeping inputs and outputs as the state would.
 * An emulation of the engine's step logic, not the engine.
 */
import { expect } from "vitest";
import type { DynamicProviderHost, Props } from "./pulumi-host.js";
import type { Registration } from "./pulumi-capture.js";

export interface ResourceState {
  urn: string;
  id: string;
  inputs: Props;
  outputs: Props;
}

export type StepOp = "create" | "same" | "update" | "replace";

/** The URN the engine gives a top-level resource of a dynamic type. */
export function urnOf(reg: Registration, stack = "dev", project = "trigger-iac-test"): string {
  return `urn:pulumi:${stack}::${project}::${reg.type}::${reg.name}`;
}

/** One `pulumi up` for one registered resource. */
export async function up(host: DynamicProviderHost, reg: Registration, old?: ResourceState): Promise<{ op: StepOp; state: ResourceState }> {
  const urn = old?.urn ?? urnOf(reg);
  const secretOutputs = reg.additionalSecretOutputs;
  const checked = await host.check(urn, old?.inputs ?? {}, reg.object);
  expect(checked.failures).toEqual([]);
  if (!old) {
    const created = await host.create(urn, checked.inputs, { secretOutputs });
    return { op: "create", state: { urn, id: created.id, inputs: checked.inputs, outputs: created.outputs } };
  }
  const diff = await host.diff(urn, old.id, old.inputs, old.outputs, checked.inputs);
  if (diff.changes === "DIFF_NONE") return { op: "same", state: { ...old, inputs: checked.inputs } };
  if (diff.replaces.length > 0) {
    if (diff.deleteBeforeReplace) await host.delete(urn, old.id, old.outputs, old.inputs);
    const created = await host.create(urn, checked.inputs, { secretOutputs });
    if (!diff.deleteBeforeReplace) await host.delete(urn, old.id, old.outputs, old.inputs);
    return { op: "replace", state: { urn, id: created.id, inputs: checked.inputs, outputs: created.outputs } };
  }
  const updated = await host.update(urn, old.id, old.outputs, old.inputs, checked.inputs, { secretOutputs });
  return { op: "update", state: { ...old, inputs: checked.inputs, outputs: updated.outputs } };
}

/** `pulumi refresh` for one resource: undefined when read says it is gone. */
export async function refresh(host: DynamicProviderHost, state: ResourceState, secretOutputs: readonly string[] = []): Promise<ResourceState | undefined> {
  const read = await host.read(state.urn, state.id, state.inputs, state.outputs, { secretOutputs });
  if (!read.id) return undefined;
  return { ...state, id: read.id, outputs: read.outputs, inputs: read.inputs ?? state.inputs };
}

/** `pulumi destroy` for one resource. */
export async function destroy(host: DynamicProviderHost, state: ResourceState): Promise<void> {
  await host.delete(state.urn, state.id, state.outputs, state.inputs);
}
