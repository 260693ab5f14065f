import type { RunsApi } from "../client/endpoints/runs.js";
import { assertPageBound } from "../client/endpoints/pagination.js";
import {
  FAILED_RUN_STATUSES,
  SUCCEEDED_RUN_STATUSES,
  successesNeeded,
  type HealthThresholds,
  type RunCounts,
} from "../model/promotion.js";

/** Runs listed per page: the server's maximum (ApiRunListPresenter: `page[size]` 1..100). */
const RUN_PAGE_SIZE = 100;

/** Which runs to count: one version, created from `from` (ISO), optionally of some tasks only. */
export interface RunCountQuery {
  version: string;
  from: string;
  tasks?: string[];
}

/**
 * Counts a version's finished runs with the fewest pages that decide the verdict: first every failure
 * (`filter[status]=FAILED,CRASHED,SYSTEM_FAILURE,TIMED_OUT`, usually one page), then successes (`COMPLETED`)
 * only until there are enough of them for the thresholds to pass, since more successes can only confirm a
 * pass. CANCELED and EXPIRED runs are never asked for, so they never count. With a failure and a zero
 * maxFailureRate no number of successes can pass, so none are read. `complete` is false when successes
 * were left uncounted (the counts are then a lower bound).
 *
 * Requests: ceil(failures / 100) (at least 1) + the success pages needed (at most ceil(needed / 100), and
 * none when the verdict is already decided).
 */
export async function countRuns(runs: RunsApi, query: RunCountQuery, thresholds: HealthThresholds): Promise<RunCounts> {
  const failed = await countAll(runs, query, FAILED_RUN_STATUSES, Number.POSITIVE_INFINITY);
  const needed = successesNeeded(failed.count, thresholds);
  // Decided without successes: none can pass it (a failure under a zero rate), or none are needed.
  if (!Number.isFinite(needed) || needed === 0) return { runs: failed.count, failed: failed.count, complete: false };
  const succeeded = await countAll(runs, query, SUCCEEDED_RUN_STATUSES, needed);
  return { runs: failed.count + succeeded.count, failed: failed.count, complete: !succeeded.more };
}

/** Counts runs with `statuses` page by page, stopping once `enough` are counted; `more` when it stopped early. */
async function countAll(
  runs: RunsApi,
  query: RunCountQuery,
  statuses: readonly string[],
  enough: number,
): Promise<{ count: number; more: boolean }> {
  let count = 0;
  let after: string | undefined;
  const seen = new Set<string>();
  for (let pages = 1; ; pages++) {
    // A server that hands out new cursors forever is refused at the bound (issue 9 §6).
    assertPageBound(pages, { method: "GET", path: "/api/v1/runs" });
    const page = await runs.list({
      version: query.version,
      status: [...statuses],
      ...(query.tasks ? { taskIdentifier: query.tasks } : {}),
      from: query.from,
      pageSize: RUN_PAGE_SIZE,
      ...(after ? { after } : {}),
    });
    const data = page.data ?? [];
    count += data.length;
    const next = page.pagination?.next;
    const more = Boolean(next) && data.length > 0 && !seen.has(next as string);
    if (!more) return { count, more: false };
    if (count >= enough) return { count, more: true };
    seen.add(next as string);
    after = next;
  }
}
