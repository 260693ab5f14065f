import type { OffsetPage } from "../api-types.js";
import { TriggerApiError, type RequestInfo } from "../errors.js";

/** Largest page the offset-paginated lists serve (schedules §3.3, queues §4.4). */
export const MAX_PER_PAGE = 100;

/**
 * Most pages any list is followed for. The largest published plan allows "1,000+" schedules per project
 * (api-behaviour.md §3.2, docs/limits.mdx) and queues follow tasks, so 1,000 pages of 100 (100,000 items) is far
 * beyond a real project; a server claiming more is broken or hostile, and is refused before the second request
 * (issue 9 §6: `totalPages: 1000000` once cost 10,000 requests).
 */
export const MAX_PAGES = 1000;

/**
 * Every item of an offset-paginated list: page 1 first (it tells `totalPages`), then all remaining pages at
 * once (the client's concurrency limit still bounds them). Items are kept in page order; an item that moved
 * between pages while we read is kept once. `list` names the list in the error for too many pages.
 */
export async function fetchAllPages<T extends { id: string }>(
  fetchPage: (page: number, perPage: number) => Promise<OffsetPage<T>>,
  list: RequestInfo,
): Promise<T[]> {
  const first = await fetchPage(1, MAX_PER_PAGE);
  // The response schema guarantees a non-negative integer.
  const totalPages = first.pagination.totalPages;
  assertPageBound(totalPages, list);
  const rest = await Promise.all(Array.from({ length: Math.max(0, totalPages - 1) }, (_, i) => fetchPage(i + 2, MAX_PER_PAGE)));
  const seen = new Set<string>();
  const all: T[] = [];
  for (const page of [first, ...rest]) {
    for (const item of page.data) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      all.push(item);
    }
  }
  return all;
}

/** Throws a {@link TriggerApiError} when a list claims (or has reached) more than {@link MAX_PAGES} pages. */
export function assertPageBound(pages: number, list: RequestInfo): void {
  if (pages <= MAX_PAGES) return;
  throw new TriggerApiError(
    `${list.method} ${list.path}${list.environment ? ` [${list.environment}]` : ""}: the server claims ${pages} pages, more than trigger-iac reads (${MAX_PAGES} pages of ${MAX_PER_PAGE}); ` +
      "refusing to follow it. If the project really is that large, please report it.",
    list,
  );
}
