import { readCurrentDeployment, verifyOutcomeLine, verifyPollLine, verifyPromotion, verifyStartLine, type VerifyTarget } from "../../live/index.js";
import type { DesiredState } from "../../model/desired.js";
import type { EnvironmentName } from "../../model/environments.js";
import { address, isActionable, type Change } from "../../model/plan.js";
import { evidenceLine } from "../../model/promotion.js";
import { pulumiSdk } from "../sdk.js";
import type { DeploymentPromotionInputs } from "../types.js";
import { withContext, type ProviderContext } from "./context.js";
import { convergeItem, planItem } from "./converge.js";
import type { Failure } from "./desired.js";
import { errorText, ProviderError, safeErrorText } from "./kind.js";
import { sourceEnvironments } from "./source-credentials.js";

/**
 * `follow`, `gate` and `verify` of a DeploymentPromotion, with the CLI's reader, planner and watcher:
 * - `check` (preview and up) reads the followed environment's current version into the `candidate` input, so
 *   `diff` sees a move of the source and `pulumi preview --diff` shows the version about to be promoted;
 * - `create`/`update` plan again against live state (the source is read again, the gate's runs counted: a failed
 *   gate is the plan error the CLI shows, evidence included), promote, then watch `verify.for` and roll back on a
 *   breach when asked, failing the update with what happened.
 */

/** `check` of a valid DeploymentPromotion: with `follow`, the source's current version as `candidate`. */
export async function checkCandidate(news: DeploymentPromotionInputs): Promise<{ inputs: DeploymentPromotionInputs; failures: Failure[] }> {
  const { candidate: _stale, ...inputs } = news;
  const follow = inputs.follow as EnvironmentName | undefined;
  if (follow === undefined) return { inputs, failures: [] };
  try {
    const version = await withContext(inputs, async (ctx) => {
      await proveSource(ctx, inputs, follow);
      return (await readCurrentDeployment(ctx.client, follow))?.version ?? null;
    }, { sources: true });
    if (version === null) {
      return { inputs, failures: [{ property: "follow", reason: `${inputs.environment} follows ${follow}, but nothing is promoted in ${follow}: there is no version to promote.` }] };
    }
    return { inputs: { ...inputs, candidate: version }, failures: [] };
  } catch (error) {
    return { inputs, failures: [{ property: "follow", reason: safeErrorText(error) }] };
  }
}

/**
 * Create and update: plans the promotion against live state and carries it out (a failed gate throws the plan's
 * message with the evidence, and nothing is promoted), logs the evidence, then runs `verify` when a version was
 * promoted. With `follow`, the version promoted is the `candidate` that this update's own `check` read in the
 * followed environment (the one the diff and the preview showed), and the gate counts its runs there now: like
 * the CLI's plan, a chain (prod follows staging follows dev) moves one step per `pulumi up`, even when Pulumi
 * updates both environments at the same time.
 */
export async function promote(ctx: ProviderContext, inputs: DeploymentPromotionInputs, desired: DesiredState): Promise<void> {
  const env = desired.environments[0].name;
  const want = desired.environments[0].deployment!;
  for (const source of sourceEnvironments(inputs)) await proveSource(ctx, inputs, source);
  const plan = await convergeItem(ctx, pinCandidate(desired, inputs.candidate));
  const change = plan.changes.find((c) => c.kind === "deployment" && isActionable(c));
  if (!change) return;
  const field = change.fields.find((f) => f.path === "version");
  const version = String(field?.after);
  const previous = typeof field?.before === "string" ? field.before : null;
  pulumiSdk.log.info(`trigger-iac: ${address.deployment(env)}: ${promotionLine(change, want.follow, "promoted")}.`);
  if (!want.verify) return;
  const target: VerifyTarget = { environment: env, version, previous, verify: want.verify, promotedAt: new Date() };
  pulumiSdk.log.info(`trigger-iac: ${verifyStartLine(target)}`);
  const outcome = await verifyPromotion(ctx.client, target, { onPoll: (poll) => pulumiSdk.log.info(`trigger-iac: ${verifyPollLine(poll)}`) });
  const { text, tone } = verifyOutcomeLine(outcome, target);
  if (tone === "failed") throw new ProviderError(text);
  pulumiSdk.log.info(`trigger-iac: ${text}`);
}

/**
 * `diff` (preview, and the update pass) of a DeploymentPromotion whose version would change: what the update will
 * do, in the log, with the plan the update makes (the gate's evidence, or why it will refuse). A refusal is a
 * warning here, never a failed preview, so that a pull request's preview still shows the stack's other changes;
 * the update fails on it.
 */
export async function previewPromotion(olds: { version?: string }, news: DeploymentPromotionInputs, desired: DesiredState): Promise<void> {
  const env = desired.environments[0].name;
  const want = desired.environments[0].deployment!;
  const version = want.version ?? news.candidate;
  if (version === undefined || version === olds.version || (!want.gate && !want.follow)) return;
  try {
    await withContext(news, async (ctx) => {
      for (const source of sourceEnvironments(news)) await proveSource(ctx, news, source);
      const change = (await planItem(ctx, pinCandidate(desired, news.candidate))).changes.find((c) => c.kind === "deployment" && isActionable(c));
      if (change) pulumiSdk.log.info(`trigger-iac: ${address.deployment(env)}: ${promotionLine(change, want.follow, "will promote")}.`);
    }, { sources: true });
  } catch (error) {
    pulumiSdk.log.warn(`trigger-iac: ${address.deployment(env)}: ${safeErrorText(error)} The update will fail here.`);
  }
}

/** `promoted 20261120.3, current in staging (was 20261119.2) (staging: 40 runs … — gate passed)`. */
function promotionLine(change: Change, follow: string | undefined, verb: string): string {
  const field = change.fields.find((f) => f.path === "version");
  const evidence = change.promotion && "verdict" in change.promotion ? ` (${evidenceLine(change.promotion)})` : "";
  const before = typeof field?.before === "string" ? ` (was ${field.before})` : "";
  return `${verb} ${String(field?.after)}${follow ? `, current in ${follow}` : ""}${before}${evidence}`;
}

/**
 * The desired state with a followed version pinned to `candidate` and the gate counted in the followed
 * environment (`gate.from`), as the CLI's plan would have it; unchanged without a candidate.
 */
function pinCandidate(desired: DesiredState, candidate: string | undefined): DesiredState {
  const [e] = desired.environments;
  const want = e.deployment!;
  if (!want.follow || candidate === undefined) return desired;
  const { follow, gate, ...rest } = want;
  const deployment = { ...rest, version: candidate, ...(gate ? { gate: { ...gate, from: follow } } : {}) };
  return { ...desired, environments: [{ ...e, deployment }] };
}

/**
 * Proves that a source environment's credential belongs to the project before anything is read there (a foreign
 * secret key would count another project's runs), and says which environment could not be read when it fails.
 */
async function proveSource(ctx: ProviderContext, inputs: DeploymentPromotionInputs, source: EnvironmentName): Promise<void> {
  try {
    await ctx.binding.prove(source);
  } catch (error) {
    throw new ProviderError(`${inputs.environment}.deployment cannot read ${source} (${inputs.follow === source ? "follow" : "gate.from"}): ${errorText(error)}`);
  }
}
