import { Semaphore } from "./concurrency.js";

/** The two numbers of a token bucket the in-flight target depends on. */
export interface BucketShape {
  maxTokens: number;
  refillIntervalMs: number;
}

/** Fewest requests in flight per environment, whatever the latency. */
export const MIN_IN_FLIGHT = 4;

/**
 * How many requests should be in flight to use a rate-limit bucket fully at `latencyMs` per request, by Little's
 * law (in flight = rate × latency). The rate aimed at spends a full bucket within a tenth of its refill interval
 * (750 per second for Trigger.dev Cloud's 750 per 10 s): fast enough that a burst is spent long before the next
 * refill and each refill within a fraction of its interval, so the bucket, not the round trips, sets the pace.
 * Clamped to [{@link MIN_IN_FLIGHT}, `cap`]; without a bucket (rate limiting off) it is `cap`.
 * @example targetInFlight(25, { maxTokens: 750, refillIntervalMs: 10_000 }, 32) // 19
 */
export function targetInFlight(latencyMs: number, bucket: BucketShape | undefined, cap: number): number {
  if (!bucket) return cap;
  const perMs = bucket.maxTokens / (bucket.refillIntervalMs / 10);
  return Math.max(Math.min(MIN_IN_FLIGHT, cap), Math.min(cap, Math.ceil(perMs * latencyMs)));
}

/**
 * The concurrency limit of one environment (one rate-limit bucket): starts at `cap`, so the first wave of a plan
 * goes out at once, then follows the measured latency (a moving average of attempt durations) through
 * {@link targetInFlight}.
 */
export class AdaptiveConcurrency {
  readonly semaphore: Semaphore;
  private latencyMs: number | undefined;

  constructor(private readonly cap: number) {
    this.semaphore = new Semaphore(cap);
  }

  /** The moving average of attempt durations so far, in ms. */
  get latency(): number | undefined {
    return this.latencyMs;
  }

  /** Records how long one attempt took and resizes the limit for the bucket it paid into. */
  noteLatency(ms: number, bucket: BucketShape | undefined): void {
    this.latencyMs = this.latencyMs === undefined ? ms : 0.8 * this.latencyMs + 0.2 * ms;
    this.semaphore.resize(targetInFlight(this.latencyMs, bucket, this.cap));
  }
}
