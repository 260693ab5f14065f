import { describe, expect, it } from "vitest";
import type { FaultRule } from "../src/emulator/types.js";
import { HttpError, NetworkError, TimeoutError } from "../src/client/index.js";
import { hitsOf, useEmulatorClient } from "./helpers/client-emulator-helpers.js";

// Retries against the emulator's injected faults; the request log proves how many attempts were made.

const ctx = useEmulatorClient();

/** A fresh emulator with one injected fault, and a client with fast retries. */
const setUp = (fault: FaultRule) => ctx.start({ faults: [fault], rateLimit: false });

const ENVVARS = "/api/v1/projects/proj_demoemulatorxxxxxxxxxx/envvars/prod";

describe("safe requests are retried and succeed", () => {
  for (const kind of ["429", "500", "reset"] as const) {
    it(`GET after an injected ${kind}`, async () => {
      // resetMs: the injected 429 asks for a short wait, so the retry honours it without slowing the suite.
      const { emulator, client } = await setUp({ kind, probability: 1, times: 1, method: "GET", pathPrefix: "/api/v1/schedules", resetMs: 300 });
      const page = await client.environment("prod").schedules.listPage(1, 10);
      expect(page.data.map((s) => s.deduplicationKey)).toContain("nightly-cleanup");
      const hits = hitsOf(emulator, "GET", "/api/v1/schedules");
      expect(hits).toHaveLength(2);
      expect(hits[0]!.fault).toBe(kind);
      expect(hits[1]!.fault).toBeUndefined();
      expect(hits[1]!.status).toBe(200);
    });
  }

  it("env var create (an upsert) after a 500", async () => {
    const { emulator, client } = await setUp({ kind: "500", probability: 1, times: 1, method: "POST" });
    await client.environment("prod").envVars.create({ name: "NEW_VAR", value: "v1" });
    expect(hitsOf(emulator, "POST", ENVVARS).map((h) => h.status)).toEqual([500, 200]);
    expect((await client.environment("prod").envVars.retrieve("NEW_VAR")).value).toBe("v1");
  });

  it("import with override:true after a reset", async () => {
    const { emulator, client } = await setUp({ kind: "reset", probability: 1, times: 1, method: "POST" });
    await client.environment("prod").envVars.import({ variables: { LOG_LEVEL: "error" }, override: true });
    const hits = hitsOf(emulator, "POST", `${ENVVARS}/import`);
    expect(hits).toHaveLength(2);
    expect(hits[1]!.status).toBe(200);
  });

  it("schedule create WITH a deduplicationKey after a 500", async () => {
    const { emulator, client } = await setUp({ kind: "500", probability: 1, times: 1, method: "POST" });
    const created = await client
      .environment("prod")
      .schedules.create({ task: "nightly-cleanup", cron: "0 4 * * *", deduplicationKey: "iac:prod:retry", timezone: "UTC", externalId: null });
    expect(created.deduplicationKey).toBe("iac:prod:retry");
    expect(hitsOf(emulator, "POST", "/api/v1/schedules").map((h) => h.status)).toEqual([500, 200]);
  });

  it("queue override after a 503", async () => {
    const { emulator, client } = await setUp({ kind: "503", probability: 1, times: 1, method: "POST" });
    const queue = await client.environment("prod").queues.override({ type: "task", name: "send-email" }, 4);
    expect(queue.concurrencyLimit).toBe(4);
    expect(hitsOf(emulator, "POST", "/api/v1/queues/send-email/concurrency/override").map((h) => h.status)).toEqual([503, 200]);
  });
});

describe("requests that are not safe to repeat are sent once", () => {
  it("promote after a 500", async () => {
    const { emulator, client } = await setUp({ kind: "500", probability: 1, times: 1, method: "POST" });
    const err = await client.environment("prod").deployments.promote("20261120.1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(500);
    expect(hitsOf(emulator, "POST", "/api/v1/deployments/20261120.1/promote")).toHaveLength(1);
  });

  it("promote after a connection reset", async () => {
    const { emulator, client } = await setUp({ kind: "reset", probability: 1, times: 1, method: "POST" });
    const err = await client.environment("prod").deployments.promote("20261120.1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(hitsOf(emulator, "POST", "/api/v1/deployments/20261120.1/promote")).toHaveLength(1);
  });

  it("import with override:false after a 500", async () => {
    const { emulator, client } = await setUp({ kind: "500", probability: 1, times: 1, method: "POST" });
    const err = await client
      .environment("prod")
      .envVars.import({ variables: { BRAND_NEW: "x" }, override: false })
      .catch((e: unknown) => e);
    expect((err as HttpError).status).toBe(500);
    expect(hitsOf(emulator, "POST", `${ENVVARS}/import`)).toHaveLength(1);
  });

  it("schedule create without a deduplicationKey after a reset", async () => {
    const { emulator, client } = await setUp({ kind: "reset", probability: 1, times: 1, method: "POST" });
    const err = await client
      .environment("prod")
      .schedules.create({ task: "nightly-cleanup", cron: "0 5 * * *", deduplicationKey: "" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(hitsOf(emulator, "POST", "/api/v1/schedules")).toHaveLength(1);
  });
});

describe("timeouts", () => {
  it("an injected timeout becomes a TimeoutError once every attempt timed out", async () => {
    const { client } = await ctx.start({ faults: [{ kind: "timeout", probability: 1, method: "GET" }], rateLimit: false }, { timeoutMs: 150, retry: { maxAttempts: 3, minDelayMs: 5, maxDelayMs: 10, jitter: 0 } });
    const err = (await client.environment("prod").envVars.list().catch((e: unknown) => e)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.attempts).toBe(3);
    expect(err.timeoutMs).toBe(150);
    expect(err.method).toBe("GET");
    expect(err.path).toBe(ENVVARS);
    expect(err.environment).toBe("prod");
  });
});
