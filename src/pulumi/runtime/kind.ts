import { credentialValues } from "../../client/credentials.js";
import type { DesiredState } from "../../model/desired.js";
import { createRedactor, scrubAndClip } from "../../secrets/redact.js";
import type { CommonInputs, CommonOutputs } from "../types.js";
import type { ProviderContext } from "./context.js";

/** What the lifecycle needs from one kind; everything else (unknowns, versions, errors) is shared. */
export interface KindAdapter<I extends CommonInputs, O extends CommonInputs & CommonOutputs> {
  /**
   * Compares the state (old outputs) with validated new inputs through the engine's per-kind diff:
   * `changed` when an update is needed, `replaces` for properties whose change needs a new remote object.
   */
  diff(olds: O, news: I, desired: DesiredState): { changed: boolean; replaces: string[] };
  /**
   * What `create` would take over: a description of the remote object that already exists with this identity
   * (and that a later delete would remove), or undefined. Kinds whose delete removes nothing need none.
   */
  existing?(ctx: ProviderContext, inputs: I, desired: DesiredState): Promise<string | undefined>;
  /** Create (after the adoption check) and update: plan the one item against live state and apply it. */
  converge(ctx: ProviderContext, inputs: I, desired: DesiredState, stamp: string): Promise<{ id: string; outs: O }>;
  /** The live object as state and inputs, or undefined when it is gone. */
  read(ctx: ProviderContext, id: string, props: O, stamp: string): Promise<{ id: string; props: O; inputs: I } | undefined>;
  delete(ctx: ProviderContext, id: string, props: O): Promise<void>;
  /** Strings that must never appear in an error (env var values). */
  secretsOf(props: Partial<I>): string[];
}

/** A refusal the user can act on; the message is all Pulumi shows. */
export class ProviderError extends Error {
  override name = "TriggerIacProviderError";
}

/** An error's message, followed by its hint when it has one (a CliError-like or credential error). */
export function errorText(error: unknown): string {
  const e = error as { message?: unknown; hint?: unknown };
  const message = typeof e?.message === "string" ? e.message : String(error);
  return typeof e?.hint === "string" ? `${message} ${e.hint}` : message;
}

/**
 * {@link errorText} as Pulumi may show or log it: clipped, with `secrets` (env var values) and every credential
 * in the process environment scrubbed, since Pulumi keeps what it shows in its logs and state's diagnostics.
 */
export function safeErrorText(error: unknown, secrets: readonly string[] = []): string {
  return scrubAndClip(createRedactor([...secrets, ...credentialValues(process.env)]), errorText(error));
}
