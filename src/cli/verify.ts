import type { TriggerClient } from "../client/index.js";
import { verifyPromotion, type VerifyOutcome, type VerifyPoll, type VerifyTarget } from "../live/index.js";
import type { DesiredState } from "../model/desired.js";
import { runCountsText, verifyOutcomeLine, verifyPollLine, verifyStartLine } from "../live/verify-report.js";
import type { Plan } from "../model/plan.js";
import type { CommandContext } from "./context.js";

/**
 * The promotions of an applied plan that declare `verify`: the version promoted, the one before (for a
 * rollback) and the settings. Only promotions that succeeded are watched.
 */
export function verifyTargets(plan: Plan, desired: DesiredState, succeeded: ReadonlySet<string>, promotedAt: Date): VerifyTarget[] {
  const targets: VerifyTarget[] = [];
  for (const change of plan.changes) {
    if (change.kind !== "deployment" || !succeeded.has(change.address)) continue;
    const verify = desired.environments.find((e) => e.name === change.environment)?.deployment?.verify;
    const field = change.fields.find((f) => f.path === "version");
    if (!verify || typeof field?.after !== "string") continue;
    targets.push({
      environment: change.environment,
      version: field.after,
      previous: typeof field.before === "string" ? field.before : null,
      verify,
      promotedAt,
    });
  }
  return targets;
}

/**
 * Watches every target at once and reports: the poll interval first, then the live counts (one line that
 * updates on a terminal, a line per poll otherwise), then each outcome. Ctrl-C (the io signal) stops
 * watching and leaves the promotions in place. Returns `passed` when every watch passed, `interrupted` when
 * Ctrl-C stopped one, else `failed`.
 */
export async function runVerifications(
  ctx: CommandContext,
  client: TriggerClient,
  targets: readonly VerifyTarget[],
): Promise<"passed" | "failed" | "interrupted"> {
  if (targets.length === 0) return "passed";
  const { output, io } = ctx;
  const { color } = output;
  output.out("\n");
  for (const t of targets) output.out(`${verifyStartLine(t)}\n`);
  const latest = new Map<string, VerifyPoll>();
  let lineShown = false;
  const onPoll = (poll: VerifyPoll) => {
    latest.set(poll.environment, poll);
    if (!io.isTTY) {
      output.out(`${verifyPollLine(poll)}\n`);
      return;
    }
    if (lineShown) output.out("\r\u001b[2K");
    output.out(color.cyan([...latest.values()].map((p) => `${p.environment} ${p.poll}/${p.polls}: ${runCountsText(p.counts)}`).join("  ")));
    lineShown = true;
  };
  io.setInterruptible?.(true);
  let outcomes: VerifyOutcome[];
  try {
    outcomes = await Promise.all(targets.map((t) => verifyPromotion(client, t, { signal: io.signal, onPoll })));
  } finally {
    io.setInterruptible?.(false);
    if (lineShown) output.out("\r\u001b[2K");
  }
  for (const o of outcomes) output.out(`${outcomeLine(o, targets.find((t) => t.environment === o.environment) as VerifyTarget, color)}\n`);
  if (outcomes.some((o) => o.result === "breached")) return "failed";
  return outcomes.some((o) => o.result === "interrupted") ? "interrupted" : "passed";
}

function outcomeLine(o: VerifyOutcome, t: VerifyTarget, color: CommandContext["output"]["color"]): string {
  const { text, tone } = verifyOutcomeLine(o, t);
  return tone === "passed" ? color.green(text) : tone === "warning" ? color.yellow(text) : color.red(text);
}
