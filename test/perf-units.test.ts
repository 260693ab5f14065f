import { afterEach, describe, expect, it, vi } from "vitest";
import { AdaptiveConcurrency, targetInFlight } from "../src/client/adaptive.js";
import { Semaphore } from "../src/client/concurrency.js";
import { TokenBucket } from "../src/client/rate-limiter.js";
import { planChanges } from "../src/engine/plan.js";
import { nodeSha256Hex } from "../src/live/hash.js";
import { samplePlanInputs } from "./helpers/builders.js";

// The pacing pieces on their own, with fake timers: a bucket that follows the server's headers, and a
// concurrency limit that follows latency.

afterEach(() => {
  vi.useRealTimers();
});

const CLOUD = { maxTokens: 750, refillRate: 250, refillIntervalMs: 10_000 };

async function grantedWithin(bucket: TokenBucket, count: number, ms: number): Promise<number> {
  let granted = 0;
  for (let i = 0; i < count; i++) void bucket.acquire().then(() => granted++);
  await vi.advanceTimersByTimeAsync(ms);
  return granted;
}

/** A bucket with the cloud defaults whose first request was answered with `reading`. */
async function bucketAnswered(reading: { limit: number; remaining: number; reset: number }): Promise<TokenBucket> {
  vi.useFakeTimers({ now: 0 });
  const bucket = new TokenBucket(CLOUD);
  await bucket.acquire();
  bucket.noteSettled();
  bucket.noteReading(reading);
  return bucket;
}

describe("token bucket learnt from x-ratelimit-* headers", () => {
  it("uses a larger server bucket fully: 1,500 tokens, not the cloud's 750", async () => {
    const bucket = await bucketAnswered({ limit: 1500, remaining: 1499, reset: 60_000 });
    expect(bucket.maxTokens).toBe(1500);
    expect(await grantedWithin(bucket, 1499, 1)).toBe(1499);
    // The next one waits for the server's refill at its reset (one request reads the new count).
    expect(await grantedWithin(bucket, 1, 59_000)).toBe(0);
  });

  it("never overruns a smaller one: 20 tokens, then one probe at the reset, then what the server reports", async () => {
    const bucket = await bucketAnswered({ limit: 20, remaining: 19, reset: 500 });
    let granted = 0;
    for (let i = 0; i < 40; i++) void bucket.acquire().then(() => granted++);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toBe(19);
    await vi.advanceTimersByTimeAsync(400);
    expect(granted).toBe(19);
    await vi.advanceTimersByTimeAsync(100);
    expect(granted).toBe(20); // the probe
    // While the probe is out, nothing polls: its answer decides what comes next.
    expect(vi.getTimerCount()).toBe(0);
    for (let i = 0; i < 19; i++) bucket.noteSettled();
    bucket.noteSettled();
    bucket.noteReading({ limit: 20, remaining: 9, reset: 1000 });
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toBe(29);
  });

  it("counts requests still in flight against what the server reported, and ignores a late answer", async () => {
    vi.useFakeTimers({ now: 0 });
    const bucket = new TokenBucket(CLOUD);
    await Promise.all(Array.from({ length: 5 }, () => bucket.acquire()));
    bucket.noteSettled();
    bucket.noteReading({ limit: 10, remaining: 8, reset: 1000 });
    // 8 left when that one was counted; 4 others are in flight and may not have been counted yet.
    expect(await grantedWithin(bucket, 10, 1)).toBe(4);
    bucket.noteSettled();
    bucket.noteReading({ limit: 10, remaining: 9, reset: 1000 }); // counted earlier, arrived later: min stays 8
    expect(await grantedWithin(bucket, 1, 1)).toBe(0);
  });
});

describe("concurrency that follows latency (Little's law)", () => {
  it("aims at rate x latency for the bucket, within [4, cap]", () => {
    const cloud = { maxTokens: 750, refillIntervalMs: 10_000 };
    expect(targetInFlight(25, cloud, 32)).toBe(19);
    expect(targetInFlight(150, cloud, 32)).toBe(32);
    expect(targetInFlight(1, cloud, 32)).toBe(4);
    expect(targetInFlight(150, { maxTokens: 20, refillIntervalMs: 1000 }, 32)).toBe(30);
    expect(targetInFlight(25, undefined, 32)).toBe(32);
  });

  it("starts at the cap and resizes its semaphore as latencies come in", () => {
    const lane = new AdaptiveConcurrency(32);
    expect(lane.semaphore.limit).toBe(32);
    for (let i = 0; i < 30; i++) lane.noteLatency(10, { maxTokens: 750, refillIntervalMs: 10_000 });
    expect(lane.semaphore.limit).toBe(8);
    for (let i = 0; i < 30; i++) lane.noteLatency(200, { maxTokens: 750, refillIntervalMs: 10_000 });
    expect(lane.semaphore.limit).toBe(32);
  });

  it("a semaphore grown while requests wait lets them through; shrunk, it waits for releases", async () => {
    const sem = new Semaphore(1);
    const first = await sem.acquire();
    let granted = 0;
    const waiting = Array.from({ length: 3 }, () => sem.acquire().then((release) => (granted++, release)));
    sem.resize(3);
    await Promise.resolve();
    await Promise.resolve();
    expect(granted).toBe(2);
    sem.resize(1);
    first();
    const [a, b] = await Promise.all(waiting.slice(0, 2));
    await Promise.resolve();
    expect(granted).toBe(2);
    a();
    b();
    (await waiting[2])();
    expect(granted).toBe(3);
  });
});

describe("the plan's fingerprints with a hash injected from the edge", () => {
  it("hash through the injected function, with the same digests as the engine's own SHA-256", () => {
    const { desired, live } = samplePlanInputs();
    const inputs: string[] = [];
    const injected = planChanges(desired, live, { hash: (text) => (inputs.push(text), nodeSha256Hex(text)) });
    expect(inputs).toHaveLength(2);
    const portable = planChanges(desired, live);
    expect(injected.liveFingerprint).toBe(portable.liveFingerprint);
    expect(injected.desiredFingerprint).toBe(portable.desiredFingerprint);
    expect(injected.liveFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
