import { formatIssues } from "../config/index.js";
import type { DesiredState } from "../model/desired.js";
import { address, type Plan } from "../model/plan.js";
import type { ValidationIssue } from "../model/source.js";
import type { CommandContext } from "./context.js";

/**
 * Config warnings that only live state can confirm. `dedup-unmanaged` (a deduplicationKey without the `iac:`
 * mark) warns that creating the schedule would move a same-key schedule of another environment here
 * (api-behaviour.md §0 item 5). When the schedule already exists in its own environment (adopted, as `import`
 * writes it), nothing is created and the key cannot be elsewhere (keys are unique per project): no warning.
 */
export function isHeldWarning(issue: ValidationIssue): boolean {
  return issue.severity === "warning" && issue.code === "dedup-unmanaged";
}

/** Prints the held warnings that still apply once the plan is known: those of schedules the plan creates. */
export function printHeldWarnings(ctx: CommandContext, held: readonly ValidationIssue[], desired: DesiredState, plan: Plan): void {
  const applying = held.filter((issue) => stillApplies(issue, desired, plan));
  if (applying.length > 0) ctx.output.err(`${formatIssues(applying, { color: ctx.output.color.enabled })}\n`);
}

function stillApplies(issue: ValidationIssue, desired: DesiredState, plan: Plan): boolean {
  for (const env of desired.environments) {
    for (const schedule of Object.values(env.schedules ?? {})) {
      if (issue.path !== `environments.${env.name}.schedules.${schedule.key}.deduplicationKey`) continue;
      const change = plan.changes.find((c) => c.address === address.schedule(env.name, schedule.key));
      return change === undefined || change.action === "create";
    }
  }
  // An environment this command does not act on: nothing known, keep the warning.
  return true;
}
