import { isMap, isPair, isScalar, isSeq } from "yaml";
import type { Document, Pair, YAMLMap } from "yaml";

/** A duplicate key: the offset of its second (or later) occurrence. */
export interface DuplicateKey {
  offset: number;
}

/**
 * Every duplicate key of the document, in one pass over its maps. It stands in for yaml's own `uniqueKeys`
 * check, which compares each key with every earlier key of its map (quadratic: a map of 10,000 variables took
 * seconds). Keys are equal as yaml has them equal: scalars with the same value; other keys never.
 */
export function findDuplicateKeys(ydoc: Document): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  // A plain walk over maps and sequences (aliases are not followed: each node is checked where it is written).
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          if (seen.has(key.value)) found.push({ offset: key.range?.[0] ?? 0 });
          else seen.add(key.value);
        } else walk(key);
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(ydoc.contents);
  return found;
}

/** A map's entries by key text (the first entry of a key wins), and its `<<` merge entries. */
export interface MapIndex {
  byKey: Map<string, Pair>;
  merges: Pair[];
}

/**
 * The entries of each map by key text, built once per map on first use, so that locating every key of a large
 * file is linear instead of a scan of the map per key.
 */
export function createMapIndex(keyText: (key: unknown) => string): (map: YAMLMap) => MapIndex {
  const cache = new WeakMap<YAMLMap, MapIndex>();
  return (map) => {
    let index = cache.get(map);
    if (!index) {
      index = { byKey: new Map(), merges: [] };
      for (const pair of map.items) {
        if (!isPair(pair)) continue;
        const text = keyText(pair.key);
        if (text === "<<") index.merges.push(pair as Pair);
        if (!index.byKey.has(text)) index.byKey.set(text, pair as Pair);
      }
      cache.set(map, index);
    }
    return index;
  };
}

