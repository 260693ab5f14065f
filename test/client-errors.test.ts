import { describe, expect, it } from "vitest";
import { HttpError, NetworkError, TimeoutError, TriggerApiError, type ScheduleCreateBody } from "../src/client/index.js";
import { leakedSecrets, secretsOf, useEmulatorClient } from "./helpers/client-emulator-helpers.js";

const ctx = useEmulatorClient();

const REF = "proj_demoemulatorxxxxxxxxxx";
const SECRET_VALUE = "sk_live_emulator_demo_value";

async function caught(promise: Promise<unknown>): Promise<HttpError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpError);
  expect(err).toBeInstanceOf(TriggerApiError);
  expect(leakedSecrets(err, [...secretsOf(ctx.emulator), SECRET_VALUE])).toEqual([]);
  return err as HttpError;
}

describe("HttpError carries the request and the server's own words", () => {
  it("variableErrors from an import with override:false", async () => {
    const { client } = await ctx.start({ rateLimit: false }, (e) => ({ credentials: { accessToken: e.credentials.accessToken } }));
    const err = await caught(
      client.environment("prod").envVars.import({ variables: { LOG_LEVEL: "x", STRIPE_SECRET_KEY: "y" }, override: false, isSecret: true }),
    );
    expect(err.method).toBe("POST");
    expect(err.path).toBe(`/api/v1/projects/${REF}/envvars/prod/import`);
    expect(err.status).toBe(400);
    expect(err.environment).toBe("prod");
    expect(err.error).toBe("Some of the variables are already set for these environments. Set override to true to override them.");
    expect(err.message).toContain(err.error);
    expect(err.variableErrors).toEqual(
      expect.arrayContaining([{ key: "LOG_LEVEL", error: "Variable already set in Production." }]),
    );
  });

  it("zod issues from an invalid schedule body", async () => {
    const { client } = await ctx.start({ rateLimit: false });
    const body = { task: "nightly-cleanup", cron: "0 3 * * *" } as unknown as ScheduleCreateBody;
    const err = await caught(client.environment("prod").schedules.create(body));
    expect(err.status).toBe(400);
    expect(err.error).toBe("Invalid request body");
    expect(err.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: ["deduplicationKey"] })]));
  });

  it("a 422 with the cron validator's message", async () => {
    const { client } = await ctx.start({ rateLimit: false });
    const err = await caught(
      client.environment("prod").schedules.create({ task: "nightly-cleanup", cron: "0 3 * * * *", deduplicationKey: "k" }),
    );
    expect(err.status).toBe(422);
    expect(err.error).toBe("Invalid cron expression: CRON expressions with seconds are not allowed");
  });

  it("details from an apiBuilder query error, and the queue 404 body", async () => {
    const { client } = await ctx.start({ rateLimit: false });
    const queues = client.environment("prod").queues;
    const query = await caught(queues.listPage(0, 10));
    expect(query.status).toBe(400);
    expect(query.error).toBe("Query Error");
    expect(Array.isArray(query.details)).toBe(true);
    const missing = await caught(queues.retrieve({ type: "task", name: "no-such-task" }));
    expect(missing.status).toBe(404);
    expect(missing.error).toBe("queue-not-found");
    expect(missing.path).toBe("/api/v1/queues/no-such-task?type=task");
  });

  it("an authentication failure names no key", async () => {
    const { client } = await ctx.start({ rateLimit: false }, { credentials: { secretKeys: { prod: "tr_prod_notARealKey000000000000" } } });
    const err = await caught(client.environment("prod").schedules.list());
    expect(err.status).toBe(401);
    expect(leakedSecrets(err, ["tr_prod_notARealKey000000000000"])).toEqual([]);
  });
});

describe("transport errors do not leak either", () => {
  it("NetworkError and TimeoutError", async () => {
    const { emulator, client } = await ctx.start({
      rateLimit: false,
      faults: [
        { kind: "reset", probability: 1, method: "POST" },
        { kind: "timeout", probability: 1, method: "GET" },
      ],
    }, { timeoutMs: 100, retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 2, jitter: 0 } });
    const prod = client.environment("prod");
    const reset = await prod.envVars.create({ name: "TOKEN", value: SECRET_VALUE, isSecret: true }).catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(NetworkError);
    expect((reset as NetworkError).attempts).toBe(2);
    const timeout = await prod.envVars.runtimeValues().catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(TimeoutError);
    for (const err of [reset, timeout]) expect(leakedSecrets(err, [...secretsOf(emulator), SECRET_VALUE])).toEqual([]);
  });
});
