/**
 * Seeded pseudo-random numbers (mulberry32), so latency and fault sequences are reproducible for a given
 * `randomSeed`. Math.random is never used by the emulator.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
}

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * A deterministic id body of `length` lowercase alphanumerics derived from a kind and a counter, so the same
 * sequence of operations always yields the same ids (`sched_…`, `queue_…`), independent of fault draws.
 */
export function deterministicId(kind: string, counter: number, length = 21): string {
  let seed = 2166136261;
  for (const ch of `${kind}:${counter}`) {
    seed = Math.imul(seed ^ ch.charCodeAt(0), 16777619) >>> 0;
  }
  const rnd = new SeededRandom(seed);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(rnd.next() * ALPHABET.length)];
  return out;
}

/** A stable 32-bit hash of a string (FNV-1a), e.g. to spread schedule windows. */
export function hashString(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}
