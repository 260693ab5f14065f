import type { TokenBucketSettings } from "./options.js";

/** What the server says about its bucket on every rate-limited answer (api-behaviour.md §1.7). */
export interface BucketReading {
  /** `x-ratelimit-limit`: the bucket's size. */
  limit: number;
  /** `x-ratelimit-remaining`: tokens left once this request was counted. */
  remaining: number;
  /** `x-ratelimit-reset`: epoch ms of the server's next refill; it names the refill window. */
  reset: number;
}

/**
 * A client-side token bucket that mirrors the server's (api-behaviour.md §1.7: `maxTokens` burst, `refillRate`
 * tokens added every `refillIntervalMs`, capped at `maxTokens`), so a large apply paces itself instead of
 * collecting 429s. The aim is an invariant: our tokens never exceed what the server will still have when each
 * request we let through reaches it.
 *
 * - Refill boundaries are counted from the first *settled* attempt. The server creates its bucket when the first
 *   request reaches it, before it answers, so our boundaries always come at or after the server's.
 * - A refill is capped at `maxTokens - outstanding`: tokens we handed out for requests the server has not seen
 *   yet are still in the server's bucket, and the server throws away refills above `maxTokens`.
 * - Requests that settled in the short gap between the server's boundary and ours (at most the first round trip)
 *   were seen by the server before its refill was capped, so they are subtracted from the cap too.
 * - Refills are applied before anything else changes (a take, a settlement), so each uses the state as it was at
 *   the boundary.
 *
 * That model (the Trigger.dev Cloud default) only holds until the server's first answer. From then on the bucket
 * follows the server's own `x-ratelimit-*` headers ({@link TokenBucket.noteReading}), so a self-hosted server
 * with a smaller or larger bucket is used fully and never overrun: our tokens are the lowest `remaining` the
 * server reported in its current window minus the requests still in flight (a lower bound of what it has), and
 * when they run out one request is let through at the window's `reset` to read the refilled count.
 */
export class TokenBucket {
  private tokens: number;
  private firstTakeAt: number | undefined;
  private anchorAt: number | undefined;
  /** Upper bound of how much later our boundaries come than the server's. */
  private gapMs = 0;
  private refillsApplied = 0;
  /** Tokens handed out whose attempt has not settled yet. */
  private outstanding = 0;
  /** Recent settlement times, for the gap correction. */
  private settledAt: number[] = [];
  private blockedUntil = 0;
  private readonly waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closedError: unknown;
  private settings: TokenBucketSettings;
  /** The server's current window, once it answered with headers: its `reset` and the lowest `remaining` seen. */
  private window: { reset: number; min: number } | undefined;
  /** In header mode with no tokens: when the next probe may go (the window's reset, or later after an early one). */
  private probeAt = 0;
  private probeBackoffMs = 0;

  constructor(
    settings: TokenBucketSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.settings = { ...settings };
    this.tokens = settings.maxTokens;
  }

  /** The bucket's size: the configured one until the server says its own (`x-ratelimit-limit`). */
  get maxTokens(): number {
    return this.settings.maxTokens;
  }

  /** The refill interval, in ms. */
  get refillIntervalMs(): number {
    return this.settings.refillIntervalMs;
  }

  /**
   * Takes in what the server said about its bucket; call it after {@link noteSettled} for the same attempt.
   * A reading from an older window than one already seen came late and is ignored.
   */
  noteReading(reading: BucketReading): void {
    const { limit, remaining, reset } = reading;
    if (!(limit > 0) || !Number.isFinite(remaining) || !(reset > 0)) return;
    this.settings.maxTokens = limit;
    const window = this.window;
    if (window !== undefined && reset < window.reset) return;
    if (window === undefined || reset > window.reset) {
      this.window = { reset, min: remaining };
      this.probeAt = reset;
      this.probeBackoffMs = 0;
    } else {
      window.min = Math.min(window.min, remaining);
      // Past the reset by our clock yet still the old window: our clock may run ahead of the server's, so the
      // next probe backs off (50 ms, doubling) instead of spending requests the server cannot take yet.
      const now = this.now();
      if (now >= window.reset) {
        this.probeBackoffMs = Math.min(Math.max(2 * this.probeBackoffMs, 50), this.settings.refillIntervalMs);
        this.probeAt = now + this.probeBackoffMs;
      }
    }
    // Every request the server counted after the one reporting `min` is still in flight (it would have reported
    // less), so this is at most what the server has left for us.
    this.tokens = Math.max(0, this.window!.min - this.outstanding);
    this.drain();
  }

  /** Waits for a token, first come first served. Call {@link noteSettled} once the attempt it paid for settles. */
  acquire(): Promise<void> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    if (this.waiters.length === 0 && this.tryTake()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Records that an attempt settled (response, network error or timeout); the first one starts the refill schedule. */
  noteSettled(): void {
    const now = this.now();
    this.refill(now);
    this.outstanding = Math.max(0, this.outstanding - 1);
    if (this.probeAt === Number.POSITIVE_INFINITY) this.probeAt = now;
    if (this.anchorAt === undefined) {
      this.anchorAt = now;
      this.gapMs = now - (this.firstTakeAt ?? now);
      this.drain();
    } else {
      this.settledAt.push(now);
      const horizon = now - this.gapMs - 1;
      if (this.settledAt[0]! < horizon) this.settledAt = this.settledAt.filter((t) => t >= horizon);
    }
  }

  /**
   * The server said 429: it has no tokens left. Empty ours and hold every request until `untilMs` (epoch ms,
   * from `x-ratelimit-reset`), so the other requests in flight stop hammering too.
   */
  pauseUntil(untilMs: number): void {
    this.refill(this.now());
    this.tokens = 0;
    this.blockedUntil = Math.max(this.blockedUntil, untilMs);
    this.schedule();
  }

  /** Rejects every waiter and refuses further acquires. */
  close(error: unknown): void {
    this.closedError = error;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  private refill(now: number): void {
    if (this.window !== undefined) {
      // Header mode: the server refills; one probe at its reset reads by how much (then noteReading takes over).
      if (this.tokens < 1 && now >= this.probeAt) {
        this.tokens = 1;
        this.probeAt = Number.POSITIVE_INFINITY; // one probe at a time; the next answer sets the next
      }
      return;
    }
    if (this.anchorAt === undefined) return;
    const { maxTokens, refillRate, refillIntervalMs } = this.settings;
    const due = Math.floor((now - this.anchorAt) / refillIntervalMs);
    if (due <= this.refillsApplied) return;
    // Only the last few boundaries matter: any earlier ones would have filled the bucket anyway.
    const first = Math.max(this.refillsApplied + 1, due - Math.ceil(maxTokens / refillRate));
    for (let k = first; k <= due; k++) {
      const boundary = this.anchorAt + k * refillIntervalMs;
      const inGap = this.settledAt.filter((t) => t >= boundary - this.gapMs && t <= boundary).length;
      const cap = Math.max(0, maxTokens - this.outstanding - inGap);
      // May also lower our count: then the server lost tokens to its cap that we still counted.
      this.tokens = Math.min(cap, this.tokens + refillRate);
    }
    this.refillsApplied = due;
  }

  private tryTake(): boolean {
    const now = this.now();
    if (now < this.blockedUntil) return false;
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    this.outstanding += 1;
    this.firstTakeAt ??= now;
    return true;
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.tryTake()) this.waiters.shift()!.resolve();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.waiters.length === 0 || this.closedError !== undefined) return;
    // Before the first settlement there is no schedule yet: noteSettled() drains.
    if (this.anchorAt === undefined) return;
    const now = this.now();
    const next = this.window !== undefined ? this.probeAt : this.anchorAt + (this.refillsApplied + 1) * this.settings.refillIntervalMs;
    const at = now < this.blockedUntil ? this.blockedUntil : next;
    // A probe is in flight (header mode): its answer drains, no timer needed.
    if (!Number.isFinite(at)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, Math.max(0, at - now) + 1);
  }
}

/** One bucket per key (environment or credential), created on first use. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private closedError: unknown;

  constructor(private readonly settings: TokenBucketSettings) {}

  /** The bucket for `key`. */
  bucket(key: string): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.settings);
      if (this.closedError !== undefined) bucket.close(this.closedError);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  close(error: unknown): void {
    this.closedError = error;
    for (const bucket of this.buckets.values()) bucket.close(error);
  }
}
