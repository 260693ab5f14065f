/*
 * Name-keyed data comes from config files, the process environment and the network, so a name may be any
 * string, including JavaScript's own: `__proto__`, `constructor`, `toString`, `hasOwnProperty` (issue 9 §8).
 * On a plain object `o["__proto__"] = v` sets the prototype (the entry vanishes) and `o["constructor"]` reads
 * Object's constructor (a phantom entry). These helpers make such names ordinary keys.
 */

/** A record without a prototype: every key, `__proto__` included, is an ordinary own key. */
export function nameRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `record[key]` when `key` is the record's own, else undefined (never an inherited member). */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
