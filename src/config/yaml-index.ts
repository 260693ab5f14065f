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

/** Looks entries up in the maps of one document by key text (the first entry of a key wins). */
export interface MapLookup {
  /** The entry of `map` whose key reads `key`. */
  entry(map: YAMLMap, key: string): Pair | undefined;
  /** The `<<` merge entries of `map`, in order. */
  merges(map: YAMLMap): Pair[];
}

/** Maps up to this many entries are scanned: indexing one (a schedule, a queue) costs more than the look-up. */
const SMALL_MAP = 8;

/**
 * Entry look-ups over the maps of one document. A large map is indexed by key text once, on first use, so that
 * locating every key of a large file is linear instead of a scan of the map per key; a small one is scanned.
 */
export function createMapIndex(keyText: (key: unknown) => string): MapLookup {
  const cache = new WeakMap<YAMLMap, { byKey: Map<string, Pair>; merges: Pair[] }>();
  const pairs = (map: YAMLMap): Pair[] => map.items.filter((p) => isPair(p)) as Pair[];
  const indexOf = (map: YAMLMap) => {
    let index = cache.get(map);
    if (!index) {
      index = { byKey: new Map(), merges: [] };
      for (const pair of pairs(map)) {
        const text = keyText(pair.key);
        if (text === "<<") index.merges.push(pair);
        if (!index.byKey.has(text)) index.byKey.set(text, pair);
      }
      cache.set(map, index);
    }
    return index;
  };
  return {
    entry: (map, key) => (map.items.length <= SMALL_MAP ? pairs(map).find((p) => keyText(p.key) === key) : indexOf(map).byKey.get(key)),
    merges: (map) => (map.items.length <= SMALL_MAP ? pairs(map).filter((p) => keyText(p.key) === "<<") : indexOf(map).merges),
  };
}

/**
 * The document's plain value exactly as `ydoc.toJS()` builds it, for the documents most files are: no alias
 * (so no `<<` merge either), only scalar keys, only JSON-like scalars. Undefined for any other document: the
 * caller then asks yaml. yaml's own conversion tracks anchors and alias counts for every node, a tenth of the
 * parse of a large file.
 */
export function plainValue(ydoc: Document): unknown {
  let plain = true;
  const convert = (node: unknown): unknown => {
    if (!plain) return undefined;
    if (isScalar(node)) {
      const v = node.value;
      if (v !== null && typeof v === "object") plain = false;
      else if (typeof v === "bigint" || typeof v === "symbol") plain = false;
      return v;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = pair.key;
        if (!isScalar(key) || typeof key.value === "symbol" || (key.value !== null && typeof key.value === "object")) {
          plain = false;
          return undefined;
        }
        const name = key.value === null ? "" : String(key.value);
        const value = convert(pair.value);
        // As yaml does: a name the object inherits (`__proto__`, `toString`) becomes an own property.
        if (name in out) Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
        else out[name] = value;
      }
      return out;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      for (const item of node.items) {
        if (isPair(item)) plain = false;
        out.push(convert(item));
      }
      return out;
    }
    if (node === null || node === undefined) return null;
    plain = false;
    return undefined;
  };
  const value = convert(ydoc.contents);
  return plain ? value : undefined;
}
