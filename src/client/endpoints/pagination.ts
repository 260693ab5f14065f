import type { OffsetPage } from "../api-types.js";

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
 * Every item of an offset-paginated list: the first wave of pages at once (page 1 alone, or as many as
 * `expected` items fill), then whatever pages page 1's `totalPages` says are still missing, all at once (the
 * client's concurrency limit still bounds them). Items are kept in page order; an item that moved between pages
 * while we read is kept once.
 */
export async function fetchAllPages<T extends { id: string }>(
  fetchPage: (page: number, perPage: number) => Promise<OffsetPage<T>>,
  options: ListOptions = {},
): Promise<T[]> {
  const wave = Math.max(1, Math.ceil((options.expected ?? 0) / MAX_PER_PAGE));
  const firstWave = await Promise.all(Array.from({ length: wave }, (_, i) => fetchPage(i + 1, MAX_PER_PAGE)));
  const totalPages = Number(firstWave[0].pagination?.totalPages ?? 1);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, totalPages - wave) }, (_, i) => fetchPage(wave + i + 1, MAX_PER_PAGE)),
  );
  const pages = [...firstWave, ...rest];
  const seen = new Set<string>();
  const all: T[] = [];
  for (const page of pages) {
    for (const item of page.data ?? []) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      all.push(item);
    }
  }
  return all;
}
