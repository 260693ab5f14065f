import { compareStrings } from "../util/compare.js";
import { editDistance } from "../util/edit-distance.js";

/**
 * Names from `candidates` that look like `name`: same prefix, one contains the other, or a small edit
 * distance. Used to suggest the right queue when a declared one does not exist. At most `limit`, closest first.
 */
export function similarNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const distance = editDistance(lower, other);
    const threshold = Math.max(2, Math.floor(Math.max(lower.length, other.length) / 3));
    const related = other.includes(lower) || lower.includes(other) || commonPrefix(lower, other) >= 4;
    if (distance <= threshold || related) scored.push({ candidate, score: distance });
  }
  scored.sort((a, b) => a.score - b.score || compareStrings(a.candidate, b.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
