import type { PromotionCandidate } from "../model/plan.js";
import type { PromotionEvidence } from "../model/promotion.js";
import { dropUndefined } from "../util/objects.js";

/**
 * The JSON plan's `promotion` object with a fixed key order: the candidate, where it was followed from, and
 * for a gate the source environment, counts, rate and verdict (the text and Markdown formats show the same
 * evidence as the change's `gate-evidence` note).
 */
export function orderPromotion(p: PromotionEvidence | PromotionCandidate | undefined): Record<string, unknown> | undefined {
  if (p === undefined) return undefined;
  if (!("verdict" in p)) return { candidate: p.candidate, follow: p.follow };
  return dropUndefined({
    candidate: p.candidate,
    follow: p.follow,
    source: p.source,
    window: p.window,
    countedAt: p.countedAt,
    tasks: p.tasks,
    counts: { runs: p.counts.runs, failed: p.counts.failed, complete: p.counts.complete },
    rate: p.rate,
    minRuns: p.minRuns,
    maxFailureRate: p.maxFailureRate,
    verdict: p.verdict,
    reason: p.reason,
  });
}
