import { describe, expect, it } from "vitest";
import { useEmulatorClient } from "./helpers/client-emulator-helpers.js";

// The real limiter's numbers (750 burst, 250 tokens per refill) with a 250 ms refill instead of 10 s, on both
// sides, so the same algorithm runs in about a second.
const FAST_BUCKET = { maxTokens: 750, refillRate: 250, refillIntervalMs: 250 };

const ctx = useEmulatorClient();

const LOG_LEVEL = "/api/v1/projects/proj_demoemulatorxxxxxxxxxx/envvars/prod/LOG_LEVEL";

describe("client-side token bucket", () => {
  it("takes a 2,000-request burst without a single 429 from a server enforcing the limit", async () => {
    const { emulator, client } = await ctx.start({ rateLimit: FAST_BUCKET }, { rateLimit: FAST_BUCKET, concurrency: 32, retry: { maxAttempts: 1 } });
    const prod = client.environment("prod");
    const results = await Promise.all(Array.from({ length: 2000 }, () => prod.envVars.retrieve("LOG_LEVEL")));
    expect(results.every((r) => r.value === "warn")).toBe(true);
    const log = emulator.requests.filter((r) => r.path === LOG_LEVEL);
    expect(log).toHaveLength(2000);
    expect(log.filter((r) => r.status === 429)).toHaveLength(0);
  });

  it("without the client bucket the server's 429s come, and are waited out via x-ratelimit-reset", async () => {
    // A small, slow bucket so that the emulator is certainly outrun: 32 requests arrive at once, 20 tokens.
    const small = { maxTokens: 20, refillRate: 20, refillIntervalMs: 500 };
    const { emulator, client } = await ctx.start({ rateLimit: small }, { rateLimit: false, concurrency: 32, retry: { maxAttempts: 20, minDelayMs: 5, maxDelayMs: 20, jitter: 0 } });
    const prod = client.environment("prod");
    const results = await Promise.all(Array.from({ length: 100 }, () => prod.envVars.retrieve("LOG_LEVEL")));
    expect(results).toHaveLength(100);
    const log = emulator.requests.filter((r) => r.path === LOG_LEVEL);
    expect(log.filter((r) => r.status === 200)).toHaveLength(100);
    expect(log.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  it("with the client bucket the same small limit gives no 429", async () => {
    const small = { maxTokens: 20, refillRate: 20, refillIntervalMs: 500 };
    const { emulator, client } = await ctx.start({ rateLimit: small }, { rateLimit: small, concurrency: 32, retry: { maxAttempts: 1 } });
    const prod = client.environment("prod");
    await Promise.all(Array.from({ length: 100 }, () => prod.envVars.retrieve("LOG_LEVEL")));
    const log = emulator.requests.filter((r) => r.path === LOG_LEVEL);
    expect(log).toHaveLength(100);
    expect(log.filter((r) => r.status === 429)).toHaveLength(0);
  });
});
