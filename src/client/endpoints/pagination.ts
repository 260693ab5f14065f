import type { OffsetPage } from "../api-types.js";

/** Largest page the offset-paginated lists serve (schedules §3.3, queues §4.4). */
export const MAX_PER_PAGE = 100;

/**
 * Every item of an offset-paginated list: page 1 first (it tells `totalPages`), then all remaining pages at
 * once (the client's concurrency limit still bounds them). Items are kept in page order; an item that moved
 * between pages while we read is kept once.
 */
export async function fetchAllPages<T extends { id: string }>(fetchPage: (page: number, perPage: number) => Promise<OffsetPage<T>>): Promise<T[]> {
  const first = await fetchPage(1, MAX_PER_PAGE);
  const totalPages = Number(first.pagination?.totalPages ?? 1);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, totalPages - 1) }, (_, i) => fetchPage(i + 2, MAX_PER_PAGE)),
  );
  const seen = new Set<string>();
  const all: T[] = [];
  for (const page of [first, ...rest]) {
    for (const item of page.data ?? []) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      all.push(item);
    }
  }
  return all;
}
