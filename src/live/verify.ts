import type { TriggerClient } from "../client/client.js";
import type { EnvironmentName } from "../model/environments.js";
import { judge, verifyInterval, type DesiredVerify, type RunCounts } from "../model/promotion.js";
import { countRuns } from "./gate.js";

/** One promotion to watch. */
export interface VerifyTarget {
  environment: EnvironmentName;
  /** The version just promoted. */
  version: string;
  /** The version current before, promoted again on a breach with `rollback: true`; null when there was none. */
  previous: string | null;
  verify: DesiredVerify;
  /** When the promotion happened: only runs created since count. */
  promotedAt: Date;
}

/** What one poll saw. */
export interface VerifyPoll {
  environment: EnvironmentName;
  poll: number;
  polls: number;
  elapsedMs: number;
  counts: RunCounts;
}

/** How a watch ended. */
export interface VerifyOutcome {
  environment: EnvironmentName;
  version: string;
  /** `breached`: the thresholds failed; `interrupted`: stopped (Ctrl-C) with the promotion left in place. */
  result: "passed" | "breached" | "interrupted";
  counts: RunCounts;
  polls: number;
  intervalMs: number;
  reason?: string;
  /** Set when a rollback was attempted: the version promoted again, and the API's error if it failed. */
  rollback?: { version: string; error?: string };
}

/** Options of {@link verifyPromotion}. */
export interface VerifyOptions {
  /** Stops the watch early (the promotion stays). */
  signal?: AbortSignal;
  onPoll?: (poll: VerifyPoll) => void;
}

/**
 * Watches a promoted version's runs in its environment for `verify.for`: a poll every
 * {@link verifyInterval} (a tenth of the period, 1 s to 1 min), each counting runs created since the promotion
 * with the gate's counting (src/live/gate.ts: failures, then successes only as far as needed), so the number of
 * requests is bounded by polls × pages. A breach is declared as soon as there are at least `minRuns` runs and
 * the failure rate is above the maximum; at the end, too few runs is a breach too (nothing proved the version).
 * On a breach with `rollback: true`, the previous version is promoted again with `allowRollbacks=true`.
 */
export async function verifyPromotion(client: TriggerClient, target: VerifyTarget, options: VerifyOptions = {}): Promise<VerifyOutcome> {
  const { verify } = target;
  const intervalMs = verifyInterval(verify.forMs);
  const polls = Math.ceil(verify.forMs / intervalMs);
  const runs = client.environment(target.environment).runs;
  const query = { version: target.version, from: target.promotedAt.toISOString(), ...(verify.tasks ? { tasks: verify.tasks } : {}) };
  const base = { environment: target.environment, version: target.version, intervalMs };
  let counts: RunCounts = { runs: 0, failed: 0, complete: true };
  for (let poll = 1; poll <= polls; poll++) {
    if (!(await sleep(intervalMs, options.signal))) return { ...base, result: "interrupted", counts, polls: poll - 1 };
    counts = await countRuns(runs, query, verify);
    options.onPoll?.({ environment: target.environment, poll, polls, elapsedMs: Date.now() - target.promotedAt.getTime(), counts });
    const { verdict, reason } = judge(counts, verify);
    const last = poll === polls;
    if (verdict === "failed" && (last || counts.runs >= verify.minRuns)) {
      return { ...base, result: "breached", counts, polls: poll, ...(reason ? { reason } : {}), ...(await rollBack(client, target)) };
    }
    if (options.signal?.aborted) return { ...base, result: "interrupted", counts, polls: poll };
  }
  return { ...base, result: "passed", counts, polls };
}

async function rollBack(client: TriggerClient, target: VerifyTarget): Promise<Pick<VerifyOutcome, "rollback">> {
  if (!target.verify.rollback || target.previous === null) return {};
  try {
    // An older version needs allowRollbacks=true (api-behaviour.md §5.5 step 5); never retried (not idempotent).
    await client.environment(target.environment).deployments.promote(target.previous, { allowRollbacks: true });
    return { rollback: { version: target.previous } };
  } catch (error) {
    return { rollback: { version: target.previous, error: error instanceof Error ? error.message : String(error) } };
  }
}

/** Waits `ms`; false when `signal` aborted first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
