import type { CommonInputs, CommonOutputs, ProviderKind } from "../types.js";
import { guardAdoption } from "./adopt.js";
import { withContext } from "./context.js";
import { planItem } from "./converge.js";
import { checkCandidate, previewPromotion } from "./promotion.js";
import { deploymentKind } from "./deployment.js";
import { IDENTITY_KEYS, validateInputs } from "./desired.js";
import { envVarKind } from "./env-var.js";
import { safeErrorText, type KindAdapter } from "./kind.js";
import { queueKind } from "./queue.js";
import { scheduleKind } from "./schedule.js";
import { changedKeys, isUnknown } from "./values.js";

type Inputs = CommonInputs & { adopt?: boolean } & Record<string, unknown>;
type Outputs = Inputs & CommonOutputs;
const KINDS: Record<ProviderKind, KindAdapter<any, any>> = {
  schedule: scheduleKind,
  envVar: envVarKind,
  queue: queueKind,
  deployment: deploymentKind,
};

/** The provider protocol versions this package answers (see providers/call-runtime.ts). */
export const PROVIDER_PROTOCOLS: readonly number[] = [1];

/** The runtime side of the serialized providers: one method call of one kind. */
export interface ProviderRuntime {
  run(kind: string, method: string, args: unknown[], stamp: string): Promise<unknown>;
}

/**
 * Entry point of the serialized provider code (internal; stable across releases because state keeps old
 * code that calls it). `protocol` is the calling convention the stored code speaks.
 */
export function providerRuntime(protocol: number): ProviderRuntime {
  if (!PROVIDER_PROTOCOLS.includes(protocol)) {
    throw new Error(`This trigger-iac does not speak provider protocol ${protocol}: install a matching version.`);
  }
  return { run: runMethod };
}

async function runMethod(kindName: string, method: string, args: unknown[], stamp: string): Promise<unknown> {
  const kind = KINDS[kindName as ProviderKind];
  if (!kind) throw new Error(`Unknown trigger-iac resource kind '${kindName}'.`);
  const secrets = [...kind.secretsOf((args[args.length - 1] ?? {}) as object), ...kind.secretsOf((args[1] ?? {}) as object)];
  try {
    return await dispatch(kindName as ProviderKind, kind, method, args, stamp);
  } catch (error) {
    throw cleanError(error, secrets);
  }
}

async function dispatch(name: ProviderKind, kind: KindAdapter<Inputs, Outputs>, method: string, args: unknown[], stamp: string): Promise<unknown> {
  switch (method) {
    case "check": {
      const news = args[1] as Inputs;
      const { desired, failures } = validateInputs(name, news as never);
      // A valid DeploymentPromotion with `follow` reads the source's current version now (src/pulumi/runtime/promotion.ts).
      if (name === "deployment" && desired) return checkCandidate(news as never);
      return { inputs: news, failures };
    }
    case "diff": {
      const [, olds, news] = args as [string, Outputs, Inputs];
      const identity = changedKeys(olds, news, IDENTITY_KEYS[name]).filter((k) => k !== "deduplicationKey" || news[k] !== undefined);
      if (identity.length > 0) return { changes: true, replaces: identity, deleteBeforeReplace: true };
      // Preview with unknown inputs: something will change.
      if (isUnknown(news)) return { changes: true };
      const { desired } = validateInputs(name, news as never);
      if (!desired) return { changes: true };
      const { changed, replaces } = kind.diff(olds, news, desired);
      // Same remote identity on both sides: the old object must be gone before the new one is written
      // (create adopts by identity).
      if (replaces.length > 0) {
        // Pulumi deletes the old object before it creates the new one: a new object the create would refuse (a
        // schedule's task that is not a scheduled task) must stop the update here, or the live one is lost.
        await withContext(news, (ctx) => planItem(ctx, desired));
        return { changes: true, replaces, deleteBeforeReplace: true };
      }
      // What a promotion will do, and its gate's evidence, in the preview's log (src/pulumi/runtime/promotion.ts).
      if (name === "deployment" && changed) await previewPromotion(olds as never, news as never, desired);
      // A new provider version rewrites the code kept in state (read and delete run it).
      const apiUrlChanged = (olds.apiUrl ?? null) !== (news.apiUrl ?? null);
      return { changes: changed || apiUrlChanged || olds.providerVersion !== stamp };
    }
    case "create":
    case "update": {
      const news = (method === "create" ? args[0] : args[2]) as Inputs;
      const { desired, failures } = validateInputs(name, news as never);
      if (!desired) throw new Error(failures.map((f) => `${f.property}: ${f.reason}`).join("; ") || "invalid inputs");
      return withContext(news, async (ctx) => {
        if (method === "create") await guardAdoption(kind, ctx, news, desired);
        const { id, outs } = await kind.converge(ctx, news, desired, stamp);
        return method === "create" ? { id, outs } : { outs };
      }, { sources: true });
    }
    case "read": {
      const [id, props] = args as [string, Outputs | undefined];
      // Import sends no state (shared/reference/pulumi-dynamic.md §4): nothing to read by.
      if (!props || !props.environment) return {};
      return withContext(props, async (ctx) => (await kind.read(ctx, id, props, props.providerVersion ?? stamp)) ?? {});
    }
    case "delete": {
      const [id, props] = args as [string, Outputs];
      await withContext(props, (ctx) => kind.delete(ctx, id, props));
      return undefined;
    }
    default:
      throw new Error(`Unknown provider method '${method}'.`);
  }
}

/** An error Pulumi can show: the message (with the hint, when there is one), never a secret value or credential. */
function cleanError(error: unknown, secrets: readonly string[]): Error {
  const clean = new Error(safeErrorText(error, secrets));
  clean.name = "TriggerIacError";
  return clean;
}
