import { percent, verifyInterval, type RunCounts } from "../model/promotion.js";
import type { VerifyOutcome, VerifyPoll, VerifyTarget } from "./verify.js";

/**
 * The words of a verify watch, shared by the CLI (`apply`) and the Pulumi `DeploymentPromotion`, so both say the
 * same thing: the poll plan before the watch, a line per poll, and how it ended. Plain text; the caller colours
 * it by `tone` (the CLI) or logs it (Pulumi).
 */

/** `Verifying prod 20261120.3 for 10m: polling runs every 1m (10 polls; minRuns 5, maxFailureRate 10%).` */
export function verifyStartLine(t: VerifyTarget): string {
  const interval = verifyInterval(t.verify.forMs);
  return (
    `Verifying ${t.environment} ${t.version} for ${t.verify.for}: polling runs every ${durationText(interval)} ` +
    `(${Math.ceil(t.verify.forMs / interval)} polls; minRuns ${t.verify.minRuns}, maxFailureRate ${percent(t.verify.maxFailureRate)}).`
  );
}

/** `prod: poll 1/10 after 1m: 4 runs, 0 failed (0%)`. */
export function verifyPollLine(poll: VerifyPoll): string {
  return `${poll.environment}: poll ${poll.poll}/${poll.polls} after ${durationText(poll.elapsedMs)}: ${runCountsText(poll.counts)}`;
}

/** How a watch ended, in one sentence, and whether it is good news (`passed`), a warning or a failure. */
export function verifyOutcomeLine(o: VerifyOutcome, t: VerifyTarget): { text: string; tone: "passed" | "warning" | "failed" } {
  const counts = runCountsText(o.counts);
  if (o.result === "passed") return { text: `${o.environment}: verify passed for ${o.version} (${counts}).`, tone: "passed" };
  if (o.result === "interrupted") {
    return {
      text: `${o.environment}: verify interrupted after ${o.polls} poll(s) (${counts}): ${o.version} stays promoted; nothing was rolled back.`,
      tone: "warning",
    };
  }
  const head = `${o.environment}: verify failed for ${o.version}: ${o.reason ?? "thresholds not met"} (${counts}).`;
  const tail = !t.verify.rollback
    ? `rollback is off: ${o.version} stays promoted.`
    : !o.rollback
      ? `Nothing to roll back to (no version was current before): ${o.version} stays promoted.`
      : o.rollback.error
        ? `Rolling back to ${o.rollback.version} failed: ${o.rollback.error} ${o.version} is still promoted.`
        : `Rolled back: ${o.rollback.version} is current again.`;
  return { text: `${head} ${tail}`, tone: "failed" };
}

/** `4 runs, 0 failed (0%)`; early-stopped counts are lower bounds (`≥ 102 runs`). */
export function runCountsText(c: RunCounts): string {
  const rate = c.runs === 0 ? 0 : c.failed / c.runs;
  return `${c.complete ? "" : "≥ "}${c.runs} run${c.runs === 1 ? "" : "s"}, ${c.failed} failed (${percent(rate)})`;
}

/** `1m`, `1.5s`. */
export function durationText(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 100) / 10}s`;
}
