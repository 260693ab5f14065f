import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CLIENT_DEFAULTS, HttpError, resolveClientOptions, secretKeyVariable } from "../src/client/index.js";
import { Credential } from "../src/client/auth.js";
import { Semaphore } from "../src/client/concurrency.js";
import { TokenBucket } from "../src/client/rate-limiter.js";
import { backoffDelay, isRetryableStatus, serverRequestedDelay, shouldRetryHeader } from "../src/client/retry.js";

// The pure pieces of the client, on their own. Everything that talks HTTP is tested over loopback elsewhere.

afterEach(() => {
  vi.useRealTimers();
});

describe("options", () => {
  it("fills every default in one place", () => {
    const resolved = resolveClientOptions({ projectRef: "proj_x", credentials: {} });
    expect(resolved.baseUrl.href).toBe("https://api.trigger.dev/");
    expect(resolved.retry).toEqual({ maxAttempts: 5, minDelayMs: 1000, maxDelayMs: 30_000, factor: 1.6, jitter: 0.2, maxRetryAfterMs: 60_000 });
    expect(resolved.rateLimit).toEqual(CLIENT_DEFAULTS.rateLimit);
    expect(resolved.timeoutMs).toBe(30_000);
    expect(resolved.concurrency).toBe(32);
    expect(resolved.userAgent).toBe("trigger-iac");
  });

  it("merges partial settings and accepts false", () => {
    const resolved = resolveClientOptions({
      projectRef: "proj_x",
      credentials: {},
      retry: { maxAttempts: 2 },
      rateLimit: { refillIntervalMs: 250, deployments: { maxTokens: 10 } },
    });
    expect(resolved.retry.maxAttempts).toBe(2);
    expect(resolved.retry.factor).toBe(1.6);
    expect(resolved.rateLimit).toEqual({
      general: { maxTokens: 750, refillRate: 250, refillIntervalMs: 250 },
      deployments: { maxTokens: 10, refillRate: 500, refillIntervalMs: 10_000 },
    });
    const off = resolveClientOptions({ projectRef: "proj_x", credentials: {}, retry: false, rateLimit: false });
    expect(off.retry.maxAttempts).toBe(1);
    expect(off.rateLimit).toBe(false);
  });

  it("names the bad option", () => {
    expect(() => resolveClientOptions({ credentials: {} } as never)).toThrow("projectRef is required");
    expect(() => resolveClientOptions({ projectRef: "p", credentials: {}, baseUrl: "not a url" })).toThrow("baseUrl");
    expect(() => resolveClientOptions({ projectRef: "p", credentials: {}, concurrency: 0 })).toThrow("concurrency");
    expect(() => resolveClientOptions({ projectRef: "p", credentials: {}, retry: { maxAttempts: 1.5 } })).toThrow("retry.maxAttempts");
  });
});

describe("retry policy", () => {
  it("retries 408, 409, 429 and 5xx only", () => {
    expect([400, 401, 403, 404, 408, 409, 422, 429, 500, 503].filter(isRetryableStatus)).toEqual([408, 409, 429, 500, 503]);
  });

  it("backs off like the SDK: 1000, 1600, 2560, 4096 ms, capped", () => {
    const retry = { ...CLIENT_DEFAULTS.retry, jitter: 0 };
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, retry))).toEqual([1000, 1600, 2560, 4096]);
    expect(backoffDelay(20, retry)).toBe(30_000);
    expect(backoffDelay(1, { ...retry, jitter: 0.5 }, () => 1)).toBe(1500);
  });

  it("reads Retry-After, x-ratelimit-reset (429 only) and x-should-retry", () => {
    const now = 1_000_000;
    expect(serverRequestedDelay(503, { "retry-after": "2" }, now)).toBe(2000);
    expect(serverRequestedDelay(503, { "retry-after": new Date(now + 5000).toUTCString() }, now)).toBe(5000);
    expect(serverRequestedDelay(429, { "x-ratelimit-reset": String(now + 700) }, now)).toBe(700);
    expect(serverRequestedDelay(500, { "x-ratelimit-reset": String(now + 700) }, now)).toBeUndefined();
    expect(shouldRetryHeader({ "x-should-retry": "false" })).toBe(false);
    expect(shouldRetryHeader({ "x-should-retry": "TRUE" })).toBe(true);
    expect(shouldRetryHeader({})).toBeUndefined();
  });
});

describe("token bucket", () => {
  it("spends the burst, then refills on the interval counted from the first settled attempt", async () => {
    vi.useFakeTimers({ now: 0 });
    const bucket = new TokenBucket({ maxTokens: 3, refillRate: 2, refillIntervalMs: 100 });
    const granted: number[] = [];
    const take = (n: number) => bucket.acquire().then(() => granted.push(n));
    await Promise.all([take(1), take(2), take(3)]);
    for (let i = 0; i < 3; i++) bucket.noteSettled();
    void take(4);
    void take(5);
    void take(6);
    await vi.advanceTimersByTimeAsync(99);
    expect(granted).toEqual([1, 2, 3]);
    await vi.advanceTimersByTimeAsync(2);
    expect(granted).toEqual([1, 2, 3, 4, 5]);
    // 4 and 5 are still in flight: the server's bucket caps at 3, so only one more fits.
    await vi.advanceTimersByTimeAsync(100);
    expect(granted).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("counts no refill before the first attempt settles", async () => {
    vi.useFakeTimers({ now: 0 });
    const bucket = new TokenBucket({ maxTokens: 1, refillRate: 1, refillIntervalMs: 100 });
    await bucket.acquire();
    let granted = false;
    void bucket.acquire().then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(granted).toBe(false);
    bucket.noteSettled();
    await vi.advanceTimersByTimeAsync(101);
    expect(granted).toBe(true);
  });

  it("never refills past maxTokens minus the requests still in flight (the server caps them too)", async () => {
    vi.useFakeTimers({ now: 0 });
    const bucket = new TokenBucket({ maxTokens: 3, refillRate: 2, refillIntervalMs: 100 });
    await Promise.all([bucket.acquire(), bucket.acquire(), bucket.acquire()]);
    bucket.noteSettled(); // one settled, two still unseen by the server
    let granted = 0;
    for (let i = 0; i < 3; i++) void bucket.acquire().then(() => granted++);
    await vi.advanceTimersByTimeAsync(101);
    expect(granted).toBe(1);
  });

  it("a 429 empties the bucket and holds everyone until the reset", async () => {
    vi.useFakeTimers({ now: 0 });
    const bucket = new TokenBucket({ maxTokens: 10, refillRate: 10, refillIntervalMs: 1000 });
    await bucket.acquire();
    bucket.noteSettled();
    bucket.pauseUntil(300);
    let granted = false;
    void bucket.acquire().then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(299);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(800);
    expect(granted).toBe(true);
  });

  it("close() rejects waiters", async () => {
    const bucket = new TokenBucket({ maxTokens: 1, refillRate: 1, refillIntervalMs: 60_000 });
    await bucket.acquire();
    const waiting = bucket.acquire();
    bucket.close(new Error("closed"));
    await expect(waiting).rejects.toThrow("closed");
  });
});

describe("semaphore", () => {
  it("lets `max` through and hands slots over in order", async () => {
    const sem = new Semaphore(2);
    const a = await sem.acquire();
    await sem.acquire();
    const order: string[] = [];
    const c = sem.acquire().then((release) => (order.push("c"), release));
    void sem.acquire().then(() => order.push("d"));
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    (await c)();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(["c", "d"]);
  });
});

describe("credentials never show", () => {
  it("a Credential hides its token from JSON and inspect", () => {
    const cred = new Credential("secretKey", "tr_prod_supersecret000000000000", "prod");
    expect(JSON.stringify(cred)).not.toContain("supersecret");
    expect(inspect(cred)).not.toContain("supersecret");
    expect(cred.authorization()).toBe("Bearer tr_prod_supersecret000000000000");
  });

  it("an HttpError keeps the server's fields and only those", () => {
    const err = new HttpError({ method: "POST", path: "/api/v1/x" }, 400, { error: "Bad", issues: [{ path: ["a"] }], variableErrors: [{ key: "K", error: "E" }] });
    expect(err.message).toBe("Bad (POST /api/v1/x → 400)");
    expect(err.issues).toEqual([{ path: ["a"] }]);
    expect(err.variableErrors).toEqual([{ key: "K", error: "E" }]);
    expect(Object.keys(JSON.parse(JSON.stringify(err))).sort()).toEqual(["attempts", "body", "error", "issues", "method", "name", "path", "status", "variableErrors"]);
    expect(secretKeyVariable("staging")).toBe("TRIGGER_SECRET_KEY_STAGING");
  });
});
