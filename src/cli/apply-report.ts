import type { ApplyEvent, ApplyResult } from "../engine/index.js";
import type { Change, Plan } from "../model/plan.js";
import { printable } from "../render/index.js";
import type { Output } from "./io.js";
import { pastTense, type ProgressReporter } from "./progress.js";

/**
 * Turns apply events into progress: one report per change (a replace is two calls, an env var import covers
 * several changes), the failure with the API's own message.
 */
export function progressListener(plan: Plan, progress: ProgressReporter): (event: ApplyEvent) => void {
  const actions = new Map(plan.changes.map((c) => [c.address, c.action]));
  const started = new Set<string>();
  const finished = new Set<string>();
  return (event) => {
    for (const address of event.addresses) {
      const action = actions.get(address) ?? "update";
      if (event.phase === "start") {
        if (!started.has(address)) progress.start(printable(address), action);
        started.add(address);
      } else if (event.phase === "failure") {
        if (!finished.has(address)) progress.finish(printable(address), action, "failed", printable(`${event.operation}: ${event.error ?? "failed"}`));
        finished.add(address);
      } else if (!finished.has(address) && isLastStep(action, event.operation)) {
        progress.finish(printable(address), action, "done");
        finished.add(address);
      }
    }
  };
}

/** The call that counts as the change done: a replace's create (its delete comes first); otherwise the first call. */
function isLastStep(action: string, operation: string): boolean {
  return action !== "replace" || operation === "createSchedule";
}

/**
 * After an apply: a one-line summary when everything worked; otherwise exactly what was done, what failed
 * (with the API's message) and what was not attempted, so the user knows the state before re-running.
 */
export function printApplyResult(output: Output, plan: Plan, result: ApplyResult): void {
  const { color } = output;
  const failedAddresses = new Set(result.failed.map((f) => f.address));
  const byAddress = new Map(plan.changes.map((c) => [c.address, c] as const));
  const doneOps = new Map<string, string[]>();
  for (const c of result.completed) doneOps.set(c.address, [...(doneOps.get(c.address) ?? []), c.operation]);
  const done = [...doneOps.keys()].filter((a) => !failedAddresses.has(a));

  if (result.failed.length === 0 && result.notAttempted.length === 0) {
    const counts = countActions(done.map((a) => byAddress.get(a)).filter((c): c is Change => c !== undefined));
    output.out(`${color.green(color.bold("Apply complete."))} ${counts || "Nothing to do."}\n`);
    return;
  }
  output.out(`\n${color.red(color.bold("Apply incomplete:"))} ${done.length} done, ${failedAddresses.size} failed, ${result.notAttempted.length} not attempted.\n`);
  if (done.length > 0) {
    output.out(`\n${color.bold("Done:")}\n`);
    for (const address of done) output.out(`  ${color.green("✓")} ${printable(address)}: ${pastTense(byAddress.get(address)?.action ?? "update")}\n`);
  }
  output.out(`\n${color.bold("Failed:")}\n`);
  const seen = new Set<string>();
  for (const f of result.failed) {
    if (seen.has(f.address)) continue;
    seen.add(f.address);
    const partial = doneOps.get(f.address);
    const already = partial ? ` (already done: ${partial.join(", ")})` : "";
    output.out(`  ${color.red("✗")} ${printable(f.address)}: ${byAddress.get(f.address)?.action ?? "change"} failed at ${f.operation}${already}: ${printable(f.error)}\n`);
  }
  if (result.notAttempted.length > 0) {
    output.out(`\n${color.bold("Not attempted")} (stopped after the failure in the same environment):\n`);
    for (const n of result.notAttempted) output.out(`  - ${printable(n.address)}: ${n.action}\n`);
  }
  output.out("\nFix the cause and run apply again: it plans afresh and does only what is still missing.\n");
}

function countActions(changes: readonly Change[]): string {
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  return ["create", "update", "replace", "delete"]
    .filter((a) => counts.has(a))
    .map((a) => `${counts.get(a)} ${pastTense(a)}`)
    .join(", ");
}
