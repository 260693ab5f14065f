import type { EnvironmentName } from "./environments.js";

/**
 * Promotion pipelines: `deployment.follow`, `gate` and `verify`. Types and pure helpers only; the run counting
 * lives in src/live/gate.ts, the verdict in the plan comes from src/engine/diff-deployment.ts.
 */

/** Run statuses counted as a failure (the API statuses, ApiRetrieveRunPresenter.apiStatusFromRunStatus). */
export const FAILED_RUN_STATUSES = ["FAILED", "CRASHED", "SYSTEM_FAILURE", "TIMED_OUT"] as const;
/** Run statuses counted as a success. `CANCELED` and `EXPIRED` are not counted at all. */
export const SUCCEEDED_RUN_STATUSES = ["COMPLETED"] as const;

/** Evidence thresholds: what `gate` and `verify` have in common. */
export interface HealthThresholds {
  /** At least this many finished runs (successes + failures). */
  minRuns: number;
  /** Failures / finished runs must not exceed this fraction (0..1). */
  maxFailureRate: number;
  /** Only these tasks' runs; all tasks when absent. */
  tasks?: string[];
}

/** `deployment.gate`, normalised. */
export interface DesiredGate extends HealthThresholds {
  /** The window as written (`24h`). */
  window: string;
  /** The window in milliseconds. */
  windowMs: number;
  /** Where the runs are counted when the version is pinned (`version:` + `gate.from`); with `follow` the followed env. */
  from?: EnvironmentName;
}

/** `deployment.verify`, normalised. */
export interface DesiredVerify extends HealthThresholds {
  /** The watch period as written (`10m`). */
  for: string;
  forMs: number;
  /** Promote the previous version on a breach. */
  rollback: boolean;
}

/** The counts behind a verdict. */
export interface RunCounts {
  /** Finished runs counted (successes + failures). */
  runs: number;
  failed: number;
  /**
   * False when counting stopped early because the verdict could no longer change: `runs` is then a lower
   * bound (more successes exist) and the rate an upper bound.
   */
  complete: boolean;
}

/** Gate (or verify) outcome. */
export type Verdict = "passed" | "failed";

/** The evidence a plan shows for a promotion (the JSON plan's `promotion` object). */
export interface PromotionEvidence {
  /** The version to promote. */
  candidate: string;
  /** The environment the candidate was followed from, when `follow` is used. */
  follow?: EnvironmentName;
  /** The environment whose runs were counted. */
  source: EnvironmentName;
  /** The gate's window as written, e.g. `24h`. */
  window: string;
  /** ISO time the window ends (when the runs were counted). */
  countedAt: string;
  tasks?: string[];
  counts: RunCounts;
  /** failed / runs (0 when there are no runs). */
  rate: number;
  minRuns: number;
  maxFailureRate: number;
  verdict: Verdict;
  /** Why the gate failed, in words (too few runs, rate too high). */
  reason?: string;
}

/** Durations as the config writes them: `30s`, `10m`, `24h`, `7d`. */
const DURATION = /^([1-9][0-9]*)(s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration such as `24h`, or undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text);
  return m ? Number(m[1]) * (UNIT_MS[m[2] as string] as number) : undefined;
}

/**
 * The fewest successes that make the thresholds pass given `failed` failures: pass iff
 * successes + failed >= minRuns and failed <= maxFailureRate * (successes + failed). Infinity when no number of
 * successes can (a failure with a zero rate).
 */
export function successesNeeded(failed: number, t: HealthThresholds): number {
  const forMin = Math.max(0, t.minRuns - failed);
  if (failed === 0) return forMin;
  if (t.maxFailureRate <= 0) return Number.POSITIVE_INFINITY;
  if (t.maxFailureRate >= 1) return forMin;
  // failed <= r (s + failed)  <=>  s >= failed (1 - r) / r; a small epsilon absorbs float noise (0.05 * 20).
  const forRate = Math.max(0, Math.ceil((failed * (1 - t.maxFailureRate)) / t.maxFailureRate - 1e-9));
  return Math.max(forMin, forRate);
}

/** The verdict of exact or early-stopped counts, with the reason when it fails. */
export function judge(counts: RunCounts, t: HealthThresholds): { verdict: Verdict; reason?: string } {
  const successes = counts.runs - counts.failed;
  if (successes >= successesNeeded(counts.failed, t)) return { verdict: "passed" };
  if (counts.runs < t.minRuns) return { verdict: "failed", reason: `${counts.runs} finished runs, fewer than minRuns ${t.minRuns}` };
  return { verdict: "failed", reason: `failure rate ${percent(rateOf(counts))} is above maxFailureRate ${percent(t.maxFailureRate)}` };
}

/** failed / runs, 0 without runs. */
export function rateOf(counts: RunCounts): number {
  return counts.runs === 0 ? 0 : counts.failed / counts.runs;
}

/** `1.4%`, `5%`, `33.3%`. */
export function percent(rate: number): string {
  const p = Math.round(rate * 1000) / 10;
  return `${p}%`;
}

/**
 * The one-line summary of the evidence every format shows, e.g.
 * `staging: 143 runs of 20261120.3 in 24h, 2 failed (1.4%) ≤ 5% — gate passed`. Early-stopped counts are
 * lower bounds and say so (`≥ 102 runs`, rate `≤ 2%`).
 */
export function evidenceLine(e: PromotionEvidence): string {
  const exact = e.counts.complete;
  const runs = `${exact ? "" : "≥ "}${e.counts.runs} run${e.counts.runs === 1 ? "" : "s"}`;
  const rate = `${exact ? "" : "≤ "}${percent(e.rate)}`;
  const tasks = e.tasks && e.tasks.length > 0 ? ` (tasks: ${e.tasks.join(", ")})` : "";
  const comparison = e.verdict === "passed" ? `≤ ${percent(e.maxFailureRate)}` : e.rate > e.maxFailureRate ? `> ${percent(e.maxFailureRate)}` : `≤ ${percent(e.maxFailureRate)}`;
  const minimum = e.counts.runs < e.minRuns ? `, minRuns ${e.minRuns}` : "";
  return `${e.source}: ${runs} of ${e.candidate}${tasks} in ${e.window}, ${e.counts.failed} failed (${rate}) ${comparison}${minimum} — gate ${e.verdict}`;
}

/**
 * The poll interval of a verify period: a tenth of it, between 1 second and 1 minute, so a 10-minute watch
 * makes 10 polls and a 2-second one 2, always far under the API's rate limit (api-behaviour.md §1.7).
 */
export function verifyInterval(forMs: number): number {
  return Math.min(60_000, Math.max(1000, Math.round(forMs / 10)));
}
