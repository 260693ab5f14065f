import * as pulumi from "@pulumi/pulumi";
import type { DesiredState } from "../../model/desired.js";
import type { CommonInputs, CommonOutputs } from "../types.js";
import type { ProviderContext } from "./context.js";
import { ProviderError, type KindAdapter } from "./kind.js";

/**
 * The adoption guard of `create`. A remote object that already exists with the resource's identity was not made
 * by this Pulumi stack: taking it over silently would let a later `pulumi destroy` delete something Pulumi never
 * created. So `create` refuses it, unless the input `adopt: true` says to take it over (logged as a warning).
 * Pulumi's own `import` option cannot reach dynamic resources: the host's read gets no provider code then
 * (shared/reference/pulumi-dynamic.md §4, "import / refresh / read"), so `adopt` is the way in.
 */
export async function guardAdoption<I extends CommonInputs & { adopt?: boolean }, O extends CommonInputs & CommonOutputs>(
  kind: KindAdapter<I, O>,
  ctx: ProviderContext,
  inputs: I,
  desired: DesiredState,
): Promise<void> {
  const existing = await kind.existing?.(ctx, inputs, desired);
  if (existing === undefined) return;
  if (inputs.adopt === true) {
    pulumi.log.warn(`trigger-iac: adopting ${existing} (adopt: true): Pulumi manages it from now on, and deleting the resource deletes it.`);
    return;
  }
  throw new ProviderError(
    `${existing} already exists, and Pulumi did not create it: refusing to take it over, since a later pulumi destroy ` +
      "would delete it. To manage it with Pulumi, set adopt: true on this resource (also when an earlier failed " +
      "pulumi up created it); to leave it alone, remove the resource or give it another identity.",
  );
}
