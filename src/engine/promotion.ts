import type { DesiredDeployment } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { LiveDeployment } from "../model/live.js";
import { evidenceLine, judge, rateOf, type PromotionEvidence } from "../model/promotion.js";
import { DIAGNOSTIC, NOTE, address, type ChangeNote, type PlanDiagnostic, type PromotionCandidate } from "../model/plan.js";

/** The version a deployment declaration asks for: pinned, or the followed environment's current one. */
export type CandidateResult = { version: string } | { diagnostic: PlanDiagnostic };

/** Resolves the candidate version; with `follow`, from the followed environment's live current version. */
export function resolveCandidate(env: EnvironmentName, desired: DesiredDeployment, live: LiveDeployment | undefined): CandidateResult {
  if (desired.version !== undefined) return { version: desired.version };
  const followed = live?.followed;
  const from = desired.follow as EnvironmentName;
  if (followed?.version) return { version: followed.version };
  const why = followed ? `nothing is promoted in ${from}` : `${from} could not be read`;
  return {
    diagnostic: {
      severity: "error",
      code: DIAGNOSTIC.followNothing,
      address: address.deployment(env),
      message: `${env} follows ${from}, but ${why}: there is no version to promote.`,
      ...(desired.source ? { source: desired.source } : {}),
    },
  };
}

/**
 * The promotion object of a change, and the gate's refusal when the evidence is not enough. A gate whose
 * runs were not counted (the candidate is not promotable: its own diagnostic explains) yields none. The
 * notes say the same in words for the text and Markdown formats (the evidence line, product.md).
 */
export function promotionOf(
  env: EnvironmentName,
  desired: DesiredDeployment,
  live: LiveDeployment | undefined,
  candidate: string,
): { promotion?: PromotionEvidence | PromotionCandidate; notes?: ChangeNote[]; diagnostic?: PlanDiagnostic } {
  const gate = desired.gate;
  if (!gate) return desired.follow ? { promotion: { candidate, follow: desired.follow }, notes: followNote(desired, candidate) } : {};
  const counted = live?.gate;
  if (!counted || counted.version !== candidate) return {};
  const { verdict, reason } = judge(counted.counts, gate);
  const evidence: PromotionEvidence = {
    candidate,
    ...(desired.follow ? { follow: desired.follow } : {}),
    source: counted.environment,
    window: gate.window,
    countedAt: counted.countedAt,
    ...(gate.tasks ? { tasks: gate.tasks } : {}),
    counts: counted.counts,
    rate: rateOf(counted.counts),
    minRuns: gate.minRuns,
    maxFailureRate: gate.maxFailureRate,
    verdict,
    ...(reason ? { reason } : {}),
  };
  if (verdict === "passed") return { promotion: evidence, notes: [...followNote(desired, candidate), evidenceNote(evidence)] };
  return {
    diagnostic: {
      severity: "error",
      code: DIAGNOSTIC.gateFailed,
      address: address.deployment(env),
      message: `Gate failed for ${candidate} in ${env}: ${reason}. ${evidenceLine(evidence)}. Nothing will be promoted in ${env}.`,
      ...(desired.source ? { source: desired.source } : {}),
      promotion: evidence,
    },
  };
}

function followNote(desired: DesiredDeployment, candidate: string): ChangeNote[] {
  if (!desired.follow) return [];
  return [{ level: "info", code: NOTE.follow, message: `Follows ${desired.follow}: ${candidate} is the version current there.` }];
}

function evidenceNote(evidence: PromotionEvidence): ChangeNote {
  return { level: "info", code: NOTE.gateEvidence, message: evidenceLine(evidence) };
}

/**
 * What a promotion changes in the task list: tasks added and removed between the current and the candidate
 * version, and the scheduled ones among them, whose declarative schedules (`schedules.task({ cron })` in code)
 * the server creates or removes on promotion. Nothing when the task lists were not read.
 */
export function taskNotes(live: LiveDeployment | undefined, candidate: string): ChangeNote[] {
  const tasks = live?.tasks;
  if (!tasks?.candidate) return [];
  const before = new Map((tasks.current ?? []).map((t) => [t.id, t]));
  const after = new Map(tasks.candidate.map((t) => [t.id, t]));
  const added = [...after.values()].filter((t) => !before.has(t.id));
  const removed = [...before.values()].filter((t) => !after.has(t.id));
  const notes: ChangeNote[] = [];
  const list = (ts: { id: string }[]) => (ts.length === 0 ? "none" : ts.map((t) => t.id).join(", "));
  if (added.length + removed.length > 0 || tasks.current === null) {
    const from = tasks.current === null ? " (the current version's tasks could not be read)" : "";
    notes.push({ level: "info", code: NOTE.tasksChanged, message: `Tasks in ${candidate}: added ${list(added)}; removed ${list(removed)}${from}.` });
  }
  const scheduledAdded = added.filter((t) => t.scheduled);
  const scheduledRemoved = removed.filter((t) => t.scheduled);
  if (scheduledAdded.length + scheduledRemoved.length > 0) {
    notes.push({
      level: scheduledRemoved.length > 0 ? "warning" : "info",
      code: NOTE.declarativeSchedules,
      message: `Declarative schedules (scheduled tasks with a cron in code): the promotion ${[
        scheduledAdded.length > 0 ? `creates those of ${list(scheduledAdded)}` : "",
        scheduledRemoved.length > 0 ? `removes those of ${list(scheduledRemoved)}` : "",
      ]
        .filter(Boolean)
        .join(" and ")}.`,
    });
  }
  return notes;
}
