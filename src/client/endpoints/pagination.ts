import type { OffsetPage } from "../api-types.js";
import { TriggerApiError, type RequestInfo } from "../errors.js";

/** Largest page the offset-paginated lists serve (schedules §3.3, queues §4.4). */
export const MAX_PER_PAGE = 100;

/** Options of a paginated `list()`. */
export interface ListOptions {
  /**
   * How many items the caller expects (e.g. how many it declares): that many pages are asked for at once, so a
   * list of any size usually takes one round trip instead of two (page 1, then the rest). Pages found missing
   * after that are read in a second wave; asking for too many costs an empty page each. @default 1 page
   */
  expected?: number;
}

/**
 * Most pages any list is followed for. The largest published plan allows "1,000+" schedules per project
 * (api-behaviour.md §3.2, docs/limits.mdx) and queues follow tasks, so 1,000 pages of 100 (100,000 items) is far
 * beyond a real project; a server claiming more is broken or hostile, and is refused before any further request
 * (issue 9 §6: `totalPages: 1000000` once cost 10,000 requests).
 */
export const MAX_PAGES = 1000;

/**
 * Every item of an offset-paginated list: the first wave of pages at once (page 1 alone, or as many as
 * `expected` items fill), then whatever pages page 1's `totalPages` says are still missing, all at once (the
 * client's concurrency limit still bounds them). Items are kept in page order; an item that moved between pages
 * while we read is kept once. `list` names the list in the error for too many pages.
 */
export async function fetchAllPages<T extends { id: string }>(
  fetchPage: (page: number, perPage: number) => Promise<OffsetPage<T>>,
  list: RequestInfo,
  options: ListOptions = {},
): Promise<T[]> {
  const wave = Math.min(MAX_PAGES, Math.max(1, Math.ceil((options.expected ?? 0) / MAX_PER_PAGE)));
  const firstWave = await Promise.all(Array.from({ length: wave }, (_, i) => fetchPage(i + 1, MAX_PER_PAGE)));
  // The response schema guarantees a non-negative integer.
  const totalPages = firstWave[0].pagination.totalPages;
  assertPageBound(totalPages, list);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, totalPages - wave) }, (_, i) => fetchPage(wave + i + 1, MAX_PER_PAGE)),
  );
  const pages = [...firstWave, ...rest];
  const seen = new Set<string>();
  const all: T[] = [];
  for (const page of pages) {
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
