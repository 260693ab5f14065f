import type { TokenBucketSettings } from "./options.js";

/**
 * A client-side token bucket that mirrors the server's (api-behaviour.md §1.7: `maxTokens` burst, `refillRate`
 * tokens added every `refillIntervalMs`, capped at `maxTokens`), so a large apply paces itself instead of
 * collecting 429s.
 *
 * Why the refill schedule starts when the first attempt *settles*: the server creates its bucket when it receives
 * the first request and counts refill intervals from then. Anchoring our refills at a moment the server has surely
 * passed (it has answered, or we gave up on it) means we never count a refill before the server does, so our
 * token count stays at or below the server's and every request we let through finds a token there too. Until
 * then only the burst is spent; a request waiting for a refill waits for that first settlement.
 *
 * Why the cap is `maxTokens - outstanding`: tokens we handed out for requests the server has not seen yet are
 * still in the server's bucket, and the server caps refills at `maxTokens`. Without this a refill arriving while
 * many requests are in flight would give us tokens the server threw away.
 */
export class TokenBucket {
  private tokens: number;
  private anchorAt: number | undefined;
  private refillsApplied = 0;
  /** Tokens handed out whose attempt has not settled yet. */
  private outstanding = 0;
  private blockedUntil = 0;
  private readonly waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closedError: unknown;

  constructor(
    private readonly settings: TokenBucketSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = settings.maxTokens;
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

  /** Records that an attempt settled (response, network error or timeout): starts the refill schedule (once). */
  noteSettled(): void {
    this.outstanding = Math.max(0, this.outstanding - 1);
    if (this.anchorAt === undefined) {
      this.anchorAt = this.now();
      this.drain();
    }
  }

  /**
   * The server said 429: it has no tokens left. Empty ours and hold every request until `untilMs` (epoch ms,
   * from `x-ratelimit-reset`), so the other requests in flight stop hammering too.
   */
  pauseUntil(untilMs: number): void {
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
    if (this.anchorAt === undefined) return;
    const refills = Math.floor((now - this.anchorAt) / this.settings.refillIntervalMs);
    if (refills > this.refillsApplied) {
      const cap = Math.max(0, this.settings.maxTokens - this.outstanding);
      this.tokens = Math.min(cap, this.tokens + (refills - this.refillsApplied) * this.settings.refillRate);
      this.refillsApplied = refills;
    }
  }

  private tryTake(): boolean {
    const now = this.now();
    if (now < this.blockedUntil) return false;
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    this.outstanding += 1;
    return true;
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.tryTake()) this.waiters.shift()!.resolve();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.waiters.length === 0 || this.closedError !== undefined) return;
    const now = this.now();
    let at: number;
    if (now < this.blockedUntil) at = this.blockedUntil;
    else if (this.anchorAt === undefined) return; // noteSettled() drains
    else at = this.anchorAt + (this.refillsApplied + 1) * this.settings.refillIntervalMs;
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
