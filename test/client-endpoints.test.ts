import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { HttpError, queueAddress, type TriggerClient } from "../src/client/index.js";
import { emulatorClient, hitsOf } from "./helpers/client-emulator-helpers.js";

// Every endpoint family against the emulator, with the paths the request log saw.

let emulator: Emulator;
let client: TriggerClient;
const REF = "proj_demoemulatorxxxxxxxxxx";

beforeAll(async () => {
  emulator = await startEmulator({
    rateLimit: false,
    seed: {
      personalAccessTokens: [{ token: "tr_pat_endpoints00000000000000000000000000" }],
      projects: [
        {
          ref: REF,
          environments: {
            dev: { apiKey: "tr_dev_endpointsDev000000000001", deployments: [{ version: "20261120.1", tasks: [{ id: "send-email" }] }] },
            prod: {
              apiKey: "tr_prod_endpointsProd00000000001",
              maximumConcurrencyLimit: 50,
              envVars: { LOG_LEVEL: "warn", "WITH SPACE": "s", SECRET_ONE: { value: "hidden-value-1", secret: true } },
              deployments: [
                { version: "20261101.1", createdAt: "2026-11-01T09:00:00.000Z", tasks: [{ id: "send-email", concurrencyLimit: 10 }, { id: "nightly", scheduled: true }], queues: [{ name: "exports/eu", concurrencyLimit: 2 }] },
                { version: "20261120.1", createdAt: "2026-11-20T09:00:00.000Z", tasks: [{ id: "send-email", concurrencyLimit: 10 }, { id: "nightly", scheduled: true }], queues: [{ name: "exports/eu", concurrencyLimit: 2 }] },
              ],
              current: "20261101.1",
              runs: [
                { task: "send-email", status: "COMPLETED", version: "20261101.1", createdAt: "2026-11-24T08:00:00.000Z" },
                { task: "nightly", status: "FAILED", version: "20261120.1", createdAt: "2026-11-24T09:00:00.000Z" },
              ],
            },
          },
        },
      ],
    },
  });
  client = emulatorClient(emulator);
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

describe("env vars", () => {
  it("list is sorted by name and secrets are redacted", async () => {
    const vars = await client.environment("prod").envVars.list();
    expect(vars.map((v) => v.name)).toEqual(["LOG_LEVEL", "SECRET_ONE", "WITH SPACE"]);
    expect(vars[1]).toEqual({ name: "SECRET_ONE", value: "<redacted>", isSecret: true });
  });

  it("create, retrieve, update, delete, with names URL-encoded", async () => {
    const prod = client.environment("prod");
    await prod.envVars.create({ name: "NEW VAR", value: "one" });
    expect(await prod.envVars.retrieve("NEW VAR")).toEqual({ name: "NEW VAR", value: "one", isSecret: false });
    await prod.envVars.update("NEW VAR", "two");
    expect((await prod.envVars.retrieve("NEW VAR")).value).toBe("two");
    await prod.envVars.delete("NEW VAR");
    const gone = await prod.envVars.retrieve("NEW VAR").catch((e: unknown) => e);
    expect((gone as HttpError).status).toBe(404);
    expect(hitsOf(emulator, "PUT", `/api/v1/projects/${REF}/envvars/prod/NEW%20VAR`)).toHaveLength(1);
  });

  it("import with override writes several at once, secret flag included", async () => {
    const prod = client.environment("prod");
    await prod.envVars.import({ variables: { A1: "x", A2: "y" }, override: true, isSecret: true });
    const vars = await prod.envVars.list();
    expect(vars.filter((v) => v.name.startsWith("A")).map((v) => [v.name, v.isSecret])).toEqual([
      ["A1", true],
      ["A2", true],
    ]);
    expect((await prod.envVars.runtimeValues()).A1).toBe("x");
  });

  it("staging uses the stg slug", async () => {
    await client.environment("dev").envVars.list();
    expect(hitsOf(emulator, "GET", `/api/v1/projects/${REF}/envvars/dev`)).toHaveLength(1);
  });
});

describe("schedules", () => {
  it("create (upsert by key), retrieve by id and by key, update, deactivate, activate, delete", async () => {
    const s = client.environment("prod").schedules;
    const created = await s.create({ task: "nightly", cron: "0 3 * * *", deduplicationKey: "iac:prod:n", timezone: "Europe/Paris", externalId: "x" });
    expect(created.id).toMatch(/^sched_/);
    const again = await s.create({ task: "nightly", cron: "0 4 * * *", deduplicationKey: "iac:prod:n", timezone: "Europe/Paris", externalId: "x" });
    expect(again.id).toBe(created.id);
    expect((await s.retrieve("iac:prod:n")).generator.expression).toBe("0 4 * * *");
    const updated = await s.update(created.id, { task: "nightly", cron: "0 5 * * *", timezone: "UTC", externalId: null });
    expect(updated.timezone).toBe("UTC");
    expect((await s.deactivate(created.id)).active).toBe(false);
    expect((await s.activate("iac:prod:n")).active).toBe(true);
    expect(await s.delete(created.id)).toEqual({ id: created.id });
    expect(hitsOf(emulator, "GET", "/api/v1/schedules/iac%3Aprod%3An")).toHaveLength(1);
  });
});

describe("queues", () => {
  it("addresses names with '/' as %252F (the server decodes twice)", async () => {
    expect(queueAddress({ type: "custom", name: "exports/eu" })).toEqual({ param: "exports%252Feu", type: "custom" });
    expect(queueAddress({ id: "queue_abc" })).toEqual({ param: "queue_abc", type: "id" });
    const q = client.environment("prod").queues;
    const queue = await q.retrieve({ type: "custom", name: "exports/eu" });
    expect(queue.name).toBe("exports/eu");
    expect(hitsOf(emulator, "GET", "/api/v1/queues/exports%252Feu")).toHaveLength(1);
    expect((await q.retrieve({ id: queue.id })).name).toBe("exports/eu");
  });

  it("override, reset, pause, resume", async () => {
    const q = client.environment("prod").queues;
    const ref = { type: "task", name: "send-email" } as const;
    const overridden = await q.override(ref, 3);
    expect(overridden.concurrencyLimit).toBe(3);
    expect(overridden.concurrency?.base).toBe(10);
    expect((await q.reset(ref)).concurrencyLimit).toBe(10);
    const notOverridden = await q.reset(ref).catch((e: unknown) => e);
    expect((notOverridden as HttpError).error).toBe("Queue is not overridden");
    expect((await q.pause(ref)).paused).toBe(true);
    expect((await q.resume(ref)).paused).toBe(false);
    const tooHigh = await q.override(ref, 51).catch((e: unknown) => e);
    expect((tooHigh as HttpError).error).toBe("Concurrency limit (51) cannot exceed the environment limit (50)");
  });
});

describe("deployments and runs", () => {
  it("current is the promoted deployment, null where nothing is promoted", async () => {
    expect((await client.environment("prod").deployments.current())?.version).toBe("20261101.1");
    expect(await client.environment("dev").deployments.current()).toBeNull();
  });

  it("list pages with a cursor, retrieve by id", async () => {
    const d = client.environment("prod").deployments;
    const page = await d.list({ pageSize: 5 });
    expect(page.data.map((x) => x.version)).toEqual(["20261120.1", "20261101.1"]);
    expect(await d.listAll({ status: "DEPLOYED" })).toHaveLength(2);
    const details = await d.retrieve(page.data[0]!.id);
    expect(details.version).toBe("20261120.1");
    expect(hitsOf(emulator, "GET", "/api/v1/deployments")[0]!.query).toEqual({ "page[size]": "5" });
  });

  it("promote is sent once; a second promote is the server's 400", async () => {
    const d = client.environment("prod").deployments;
    expect((await d.promote("20261120.1")).version).toBe("20261120.1");
    const again = await d.promote("20261120.1").catch((e: unknown) => e);
    expect((again as HttpError).error).toBe("Deployment is already the current deployment.");
    const back = await d.promote("20261101.1").catch((e: unknown) => e);
    expect((back as HttpError).status).toBe(400);
    expect((await d.promote("20261101.1", { allowRollbacks: true })).version).toBe("20261101.1");
    expect(hitsOf(emulator, "POST", "/api/v1/deployments/20261101.1/promote").map((h) => h.query)).toEqual([{}, { allowRollbacks: "true" }]);
  });

  it("runs filtered by version, and one run by id", async () => {
    const r = client.environment("prod").runs;
    const page = await r.list({ version: "20261120.1" });
    expect(page.data.map((x) => x.taskIdentifier)).toEqual(["nightly"]);
    const run = await r.retrieve(page.data[0]!.id);
    expect(run.status).toBe("FAILED");
    expect(hitsOf(emulator, "GET", "/api/v1/runs")[0]!.query).toEqual({ "filter[version]": "20261120.1" });
  });
});
