import { Agent } from "undici";
import { describe, expect, it } from "vitest";
import {
  createTriggerClient,
  HttpError,
  NetworkError,
  TimeoutError,
  TriggerApiError,
  type TriggerClient,
  type TriggerClientOptions,
} from "../src/client/index.js";
import { FAST_RETRY, useCleanup } from "./helpers/client-emulator-helpers.js";
import { sendJson, startTestServer, type TestHandler, type TestServer } from "./helpers/client-test-server.js";

// Faults the emulator does not produce (Retry-After, x-should-retry, hanging sockets), on a plain node:http server.

const PROD_KEY = "tr_prod_HTTPTESTKEY0123456789abcd";
const PAT = "tr_pat_HTTPTESTPAT0123456789abcdef";

const closeAfterTest = useCleanup();

/** A test server closed after the test. */
async function serve(handler: TestHandler): Promise<TestServer> {
  return closeAfterTest(await startTestServer(handler));
}

/** A client for `url` with fast retries, closed after the test (before the server). */
function makeClient(url: string, extra: Partial<TriggerClientOptions> = {}): TriggerClient {
  const client = createTriggerClient({
    baseUrl: url,
    projectRef: "proj_http",
    credentials: { secretKeys: { prod: PROD_KEY }, accessToken: PAT },
    retry: FAST_RETRY,
    rateLimit: false,
    ...extra,
  });
  return closeAfterTest(client);
}

const schedule = { id: "sched_1", type: "IMPERATIVE", task: "t", active: true, generator: { type: "CRON", expression: "0 * * * *", description: "" }, timezone: "UTC", environments: [] };

describe("server-requested waits", () => {
  it("waits until x-ratelimit-reset (epoch ms) after a 429 before retrying", async () => {
    let resetAt = 0;
    const server = await serve((hit, res) => {
      if (hit.index === 0) {
        resetAt = Date.now() + 300;
        sendJson(res, 429, { error: "Rate limit exceeded" }, { "x-ratelimit-reset": String(resetAt) });
      } else sendJson(res, 200, schedule);
    });
    const got = await makeClient(server.url).environment("prod").schedules.retrieve("sched_1");
    expect(got.id).toBe("sched_1");
    expect(server.hits).toHaveLength(2);
    // The retry must not reach the server before the moment the server named.
    expect(server.hits[1]!.receivedAt).toBeGreaterThanOrEqual(resetAt);
  });

  it("waits for Retry-After (seconds) and prefers it to its own backoff", async () => {
    let notBefore = 0;
    const server = await serve((hit, res) => {
      if (hit.index === 0) {
        notBefore = Date.now() + 1000;
        sendJson(res, 503, { error: "Service Unavailable" }, { "retry-after": "1" });
      } else sendJson(res, 200, schedule);
    });
    // A backoff of ten minutes: only the header can make this retry happen within the test.
    const c = makeClient(server.url, { retry: { minDelayMs: 600_000, maxDelayMs: 600_000, jitter: 0 } });
    await c.environment("prod").schedules.retrieve("sched_1");
    expect(server.hits).toHaveLength(2);
    expect(server.hits[1]!.receivedAt).toBeGreaterThanOrEqual(notBefore);
  });

  it("accepts Retry-After as an HTTP date", async () => {
    let notBefore = 0;
    const server = await serve((hit, res) => {
      if (hit.index === 0) {
        const at = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000);
        notBefore = at.getTime();
        sendJson(res, 503, { error: "busy" }, { "retry-after": at.toUTCString() });
      } else sendJson(res, 200, schedule);
    });
    await makeClient(server.url).environment("prod").schedules.retrieve("sched_1");
    expect(server.hits).toHaveLength(2);
    expect(server.hits[1]!.receivedAt).toBeGreaterThanOrEqual(notBefore);
  });

  it("gives up at once when the server asks for a longer wait than maxRetryAfterMs", async () => {
    const server = await serve((_hit, res) => sendJson(res, 503, { error: "down for maintenance" }, { "retry-after": "3600" }));
    const err = await makeClient(server.url).environment("prod").schedules.retrieve("sched_1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).error).toBe("down for maintenance");
    expect(server.hits).toHaveLength(1);
  });
});

describe("x-should-retry and statuses", () => {
  it("x-should-retry: false forbids retrying even a 500", async () => {
    const server = await serve((_hit, res) => sendJson(res, 500, { error: "Internal Server Error" }, { "x-should-retry": "false" }));
    const err = await makeClient(server.url).environment("prod").schedules.retrieve("sched_1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(500);
    expect((err as HttpError).attempts).toBe(1);
    expect(server.hits).toHaveLength(1);
  });

  it("x-should-retry: true forces a retry of a 400", async () => {
    const server = await serve((hit, res) => {
      if (hit.index === 0) sendJson(res, 400, { error: "try again" }, { "x-should-retry": "true" });
      else sendJson(res, 200, schedule);
    });
    await makeClient(server.url).environment("prod").schedules.retrieve("sched_1");
    expect(server.hits).toHaveLength(2);
  });

  it("retries 408 and 409 but not other 4xx", async () => {
    const server = await serve((hit, res) => {
      if (hit.index === 0) sendJson(res, 408, { error: "timeout" });
      else if (hit.index === 1) sendJson(res, 409, { error: "conflict" });
      else if (hit.index === 2) sendJson(res, 200, schedule);
      else sendJson(res, 422, { error: "Invalid cron expression: CRON expression is required" });
    });
    const c = makeClient(server.url);
    await c.environment("prod").schedules.retrieve("sched_1");
    expect(server.hits).toHaveLength(3);
    const err = await c.environment("prod").schedules.update("sched_1", { task: "t", cron: "" }).catch((e: unknown) => e);
    expect((err as HttpError).status).toBe(422);
    expect((err as HttpError).message).toContain("Invalid cron expression: CRON expression is required");
    expect(server.hits).toHaveLength(4);
  });

  it("stops after maxAttempts and reports the number of attempts", async () => {
    const server = await serve((_hit, res) => sendJson(res, 502, { error: "Bad Gateway" }));
    const c = makeClient(server.url, { retry: { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 2, jitter: 0 } });
    const err = (await c.environment("prod").queues.retrieve({ type: "task", name: "a" }).catch((e: unknown) => e)) as HttpError;
    expect(err).toBeInstanceOf(HttpError);
    expect(err.attempts).toBe(3);
    expect(server.hits).toHaveLength(3);
  });
});

describe("network failures and timeouts", () => {
  it("retries a GET after the connection is reset", async () => {
    const server = await serve((hit, res, req) => {
      if (hit.index === 0) req.socket.destroy();
      else sendJson(res, 200, [{ name: "A", value: "1", isSecret: false }]);
    });
    const vars = await makeClient(server.url).environment("prod").envVars.list();
    expect(vars).toEqual([{ name: "A", value: "1", isSecret: false }]);
    expect(server.hits).toHaveLength(2);
  });

  it("does not repeat a promote after a reset: a NetworkError with the request line", async () => {
    const server = await serve((_hit, _res, req) => {
      req.socket.destroy();
    });
    const err = await makeClient(server.url).environment("prod").deployments.promote("20250101.1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).method).toBe("POST");
    expect((err as NetworkError).path).toBe("/api/v1/deployments/20250101.1/promote");
    expect(server.hits).toHaveLength(1);
  });

  it("retries even a promote after a 429: the limiter refused it before anything happened", async () => {
    const server = await serve((hit, res) => {
      if (hit.index === 0) sendJson(res, 429, { error: "Rate limit exceeded" }, { "x-ratelimit-reset": String(Date.now() + 20) });
      else sendJson(res, 200, { id: "deployment_1", version: "20250101.1", shortCode: "abc" });
    });
    const promoted = await makeClient(server.url).environment("prod").deployments.promote("20250101.1");
    expect(promoted.version).toBe("20250101.1");
    expect(server.hits).toHaveLength(2);
  });

  it("retries a POST whose connection was refused (it was never sent), up to maxAttempts", async () => {
    const gone = await startTestServer(() => undefined);
    const url = gone.url;
    await gone.close();
    const c = makeClient(url, { retry: { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 2, jitter: 0 } });
    const err = (await c.environment("prod").deployments.promote("20250101.1").catch((e: unknown) => e)) as NetworkError;
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.code).toBe("ECONNREFUSED");
    expect(err.attempts).toBe(3);
  });

  it("turns a server that never answers into a TimeoutError after every attempt", async () => {
    const server = await serve(() => undefined);
    const c = makeClient(server.url, { timeoutMs: 100, retry: { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 2, jitter: 0 } });
    const err = (await c.environment("prod").schedules.list().catch((e: unknown) => e)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toBeInstanceOf(TriggerApiError);
    expect(err.timeoutMs).toBe(100);
    expect(err.attempts).toBe(3);
    expect(server.hits).toHaveLength(3);
  });
});

describe("headers, concurrency and lifecycle", () => {
  it("sends the bearer token and user agent, and no x-trigger-branch unless asked", async () => {
    const server = await serve((_hit, res) => sendJson(res, 200, schedule));
    const c = makeClient(server.url, { userAgent: "test-agent/1" });
    await c.environment("prod").schedules.retrieve("sched_1");
    await c.environment("prod", { branch: "feature-x" }).schedules.retrieve("sched_1");
    expect(server.hits[0]!.headers.authorization).toBe(`Bearer ${PROD_KEY}`);
    expect(server.hits[0]!.headers["user-agent"]).toBe("test-agent/1");
    expect(server.hits[0]!.headers["x-trigger-branch"]).toBeUndefined();
    expect(server.hits[1]!.headers["x-trigger-branch"]).toBe("feature-x");
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const server = await serve(async (_hit, res) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight -= 1;
      sendJson(res, 200, schedule);
    });
    const c = makeClient(server.url, { concurrency: 3 });
    await Promise.all(Array.from({ length: 15 }, () => c.environment("prod").schedules.retrieve("sched_1")));
    expect(server.hits).toHaveLength(15);
    expect(maxInFlight).toBe(3);
  });

  it("close() destroys the dispatcher it created, and fails later calls with a clear error", async () => {
    const server = await serve((_hit, res) => sendJson(res, 200, schedule));
    const c = makeClient(server.url);
    await c.environment("prod").schedules.retrieve("sched_1");
    await c.close();
    const err = await c.environment("prod").schedules.retrieve("sched_1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TriggerApiError);
    expect((err as Error).message).toContain("closed");
    expect(server.hits).toHaveLength(1);
  });

  it("never closes a dispatcher it was given", async () => {
    const server = await serve((_hit, res) => sendJson(res, 200, schedule));
    const dispatcher = new Agent();
    const c = makeClient(server.url, { dispatcher });
    await c.environment("prod").schedules.retrieve("sched_1");
    await c.close();
    expect(dispatcher.closed).toBe(false);
    const again = makeClient(server.url, { dispatcher });
    await again.environment("prod").schedules.retrieve("sched_1");
    expect(server.hits).toHaveLength(2);
    await again.close();
    await dispatcher.close();
  });

  it("reports each attempt and retry to onDebug without credentials", async () => {
    const server = await serve((hit, res) => {
      if (hit.index === 0) sendJson(res, 500, { error: "boom" });
      else sendJson(res, 200, schedule);
    });
    const lines: string[] = [];
    await makeClient(server.url, { onDebug: (l) => lines.push(l) }).environment("prod").schedules.retrieve("sched_1");
    expect(lines.some((l) => l.includes("GET /api/v1/schedules/sched_1") && l.includes("500"))).toBe(true);
    expect(lines.some((l) => l.includes("retrying"))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(PROD_KEY);
      expect(line).not.toContain(PAT);
    }
  });
});
