import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { applyPlan, ApplyRefusedError, comparePlans } from "../../engine/index.js";
import { boundOps } from "../../live/index.js";
import type { EnvironmentName } from "../../model/environments.js";
import type { LiveGateCounts } from "../../model/live.js";
import type { Plan } from "../../model/plan.js";
import { parsePlanJson, PlanFormatError } from "../../render/index.js";
import { integerFlag, listFlag, stringFlag } from "../args.js";
import { printApplyResult, progressListener } from "../apply-report.js";
import { CliError, fileError, UsageError } from "../errors.js";
import type { CommandContext } from "../context.js";
import { hasChanges, hasPlanErrors, loadAndPlan } from "../planning.js";
import { createProgress } from "../progress.js";
import { confirm } from "../prompt.js";
import { renderPlan } from "../render.js";
import { runVerifications, verifyTargets } from "../verify.js";

/**
 * `trigger-iac apply`: plans, shows the plan, asks (or not, with --auto-approve), and carries it out.
 * With `--plan FILE` it applies exactly the saved plan without asking (the reviewed plan is the approval), after
 * checking that live state still gives the same plan (values are re-resolved from the config files and the
 * environment: the plan file holds none).
 */
export async function runApply(ctx: CommandContext): Promise<number> {
  const { flags, output, io } = ctx;
  const maxDeletes = integerFlag(flags, "max-deletes", "apply");
  const planFile = stringFlag(flags, "plan");
  // A reviewed saved plan is the approval (as in Terraform): it is applied only while it still matches live
  // state and the configuration (checked below), so there is nothing left to ask.
  const autoApprove = flags["auto-approve"] === true || planFile !== undefined;
  if (!autoApprove && !io.isTTY) {
    // Refused before any request: nobody can answer the question, and applying unasked is not an option.
    throw new CliError("apply needs confirmation, but stdin is not a terminal.", {
      hint: "Pass --auto-approve to apply without asking (CI), after reviewing `trigger-iac plan`, or apply a reviewed plan with --plan FILE.",
    });
  }
  if (planFile !== undefined && listFlag(flags, "target").length > 0) {
    throw new UsageError("--target cannot be combined with --plan: a saved plan keeps the targets it was made with.", "apply");
  }
  const saved = planFile === undefined ? undefined : readPlanFile(resolve(io.cwd, planFile), planFile);

  // A saved plan covers the environments it was made for: the fresh plan compared with it must too.
  // The saved plan's gate evidence is the reviewed approval: runs are counted again only for another candidate.
  const { desired, plan: fresh, client, binding } = await loadAndPlan(ctx, "apply", {
    defaultEnvironments: saved?.environments,
    defaultTargets: saved?.targets,
    ...(saved ? { savedGates: savedGates(saved) } : {}),
  });
  try {
    let plan = fresh;
    if (saved) {
      const reasons = comparePlans(saved, fresh);
      if (reasons.length > 0) {
        throw new CliError(`The saved plan ${planFile} is stale: nothing was changed.\n${reasons.map((r) => `  - ${r}`).join("\n")}`, {
          hint: "Run trigger-iac plan --out again, review it, and apply the new plan.",
        });
      }
      plan = saved;
    }
    if (saved) output.out(`Applying the saved plan ${planFile} (still matches live state).\n\n`);
    output.out(renderPlan(plan, "text", output.color.enabled));
    if (hasPlanErrors(plan)) {
      throw new CliError("The plan has errors (see Diagnostics above): nothing was changed.");
    }
    // The rendered plan already ends with the no-changes sentence.
    if (!hasChanges(plan)) return 0;
    const destructive = plan.changes.filter((c) => c.action === "delete" || c.action === "replace").length;
    if (maxDeletes !== undefined && destructive > maxDeletes) {
      throw new CliError(`The plan deletes or replaces ${destructive} object(s), more than --max-deletes ${maxDeletes}: nothing was changed.`);
    }
    if (!autoApprove && !(await confirm(io, "\nApply these changes? Only 'yes' is accepted: "))) {
      output.out("Apply cancelled: nothing was changed.\n");
      return 1;
    }
    output.out("\n");
    const actionable = plan.changes.filter((c) => c.action !== "noop" && c.action !== "unmanaged").length;
    const progress = createProgress(output, actionable, io.isTTY);
    let result;
    const promotedAt = new Date();
    try {
      result = await applyPlan(plan, desired, boundOps(client, binding), { maxDeletes, onEvent: progressListener(plan, progress) });
    } catch (error) {
      if (error instanceof ApplyRefusedError) throw new CliError(`${error.message} Nothing was changed.`);
      throw error;
    } finally {
      progress.end();
    }
    printApplyResult(output, plan, result);
    const succeeded = new Set(result.completed.map((c) => c.address));
    const verified = await runVerifications(ctx, client, verifyTargets(plan, desired, succeeded, promotedAt));
    if (result.failed.length > 0 || result.notAttempted.length > 0 || verified === "failed") return 1;
    // Ctrl-C during verify: the promotion stays (said above); 130 as for any interrupted command.
    return verified === "interrupted" ? 130 : 0;
  } finally {
    await client.close();
  }
}

/** Reads a `plan --out` file; a damaged or foreign file is a clear error, never a stack trace. */
function readPlanFile(path: string, shown: string): Plan {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw fileError(`Cannot read the plan file ${shown}`, error);
  }
  try {
    return parsePlanJson(text);
  } catch (error) {
    if (error instanceof PlanFormatError) {
      throw new CliError(`${shown}: ${error.message}`, { hint: `Write a plan with: trigger-iac plan --out ${shown}` });
    }
    throw error;
  }
}

/** The gate counts a saved plan was reviewed with, per environment (from its changes' `promotion` objects). */
function savedGates(plan: Plan): Partial<Record<EnvironmentName, LiveGateCounts>> {
  const out: Partial<Record<EnvironmentName, LiveGateCounts>> = {};
  for (const change of plan.changes) {
    const p = change.promotion;
    if (change.kind !== "deployment" || !p || !("verdict" in p)) continue;
    out[change.environment] = { version: p.candidate, environment: p.source, countedAt: p.countedAt, counts: p.counts };
  }
  return out;
}
