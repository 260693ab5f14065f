import { describe, expect, it } from "vitest";
import { createTriggerClient, type TriggerClient } from "../src/client/index.js";
import { applyPlan } from "../src/engine/apply.js";
import { planChanges } from "../src/engine/plan.js";
import type { EmulatorSeed, SeedEnvironment } from "../src/emulator/types.js";
import { createApplyOps } from "../src/live/ops.js";
import { readLive } from "../src/live/read.js";
import type { EnvironmentName } from "../src/model/environments.js";
import { FAST_RETRY, useCleanup } from "./helpers/client-emulator-helpers.js";
import { desiredEnv, desiredState, schedule, schedules } from "./helpers/builders.js";
import { startEmulator } from "../src/testing.js";

// Apply's requests, counted in the emulator's request log: one request per schedule update, environments applied
// side by side, and a rate-limit bucket learnt from the server's headers. No timings here (those are in bench/).
const ENVS = ["dev", "staging", "prod"] as const;
const PREFIX = { dev: "tr_dev_", staging: "tr_stg_", prod: "tr_prod_" } as const;
const PROJECT = "proj_perfapplyrequests";
const KEYS = Object.fromEntries(ENVS.map((e) => [e, `${PREFIX[e]}perfApply${e.padEnd(12, "0")}`])) as Record<(typeof ENVS)[number], string>;
const keep = useCleanup();

function seed(perEnv: number): EmulatorSeed {
  const environment = (env: (typeof ENVS)[number]): SeedEnvironment => ({
    apiKey: KEYS[env],
    deployments: [{ version: "20261101.1", createdAt: "2026-11-01T00:00:00.000Z", tasks: [{ id: "cleanup", scheduled: true }] }],
    current: "20261101.1",
    schedules: Array.from({ length: perEnv }, (_, i) => ({ task: "cleanup", cron: `${i % 60} 3 * * *`, deduplicationKey: `iac:${env}:s${i}` })),
  });
  return { projects: [{ ref: PROJECT, environments: Object.fromEntries(ENVS.map((e) => [e, environment(e)])) }] };
}

/** The seeded schedules with another hour: `perEnv` updates per environment. */
function desiredUpdates(perEnv: number, envs: readonly EnvironmentName[] = ENVS) {
  return desiredState(
    ...envs.map((env) =>
      desiredEnv(env, { schedules: schedules(...Array.from({ length: perEnv }, (_, i) => schedule(env, `s${i}`, { cron: `${i % 60} 4 * * *` }))) }),
    ),
  );
}

function client(url: string, options: Partial<Parameters<typeof createTriggerClient>[0]> = {}): TriggerClient {
  return keep(createTriggerClient({ baseUrl: url, projectRef: PROJECT, credentials: { secretKeys: KEYS }, retry: FAST_RETRY, ...options }));
}

describe("apply request counts", () => {
  it("updates a schedule with one PUT: 3 environments x 40 updates are 120 PUTs and nothing else", async () => {
    const emulator = keep(await startEmulator({ seed: seed(40), rateLimit: false }));
    const api = client(emulator.url, { rateLimit: false });
    const desired = desiredUpdates(40);
    const plan = planChanges(desired, await readLive(desired, api));
    expect(plan.summary).toEqual({ create: 0, update: 120, replace: 0, delete: 0 });
    emulator.clearRequests();
    const result = await applyPlan(plan, desired, createApplyOps(api));
    expect(result.failed).toEqual([]);
    expect(emulator.requests.map((r) => `${r.method} ${r.status}`)).toEqual(Array.from({ length: 120 }, () => "PUT 200"));
    const again = planChanges(desired, await readLive(desired, api));
    expect(again.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
  });

  it("applies the environments side by side: their requests interleave in the server's log", async () => {
    const emulator = keep(await startEmulator({ seed: seed(50), rateLimit: false, latency: 5 }));
    const api = client(emulator.url, { rateLimit: false });
    const desired = desiredUpdates(50);
    const plan = planChanges(desired, await readLive(desired, api));
    emulator.clearRequests();
    await applyPlan(plan, desired, createApplyOps(api));
    const order = emulator.requests.map((r) => r.environment);
    expect(order).toHaveLength(150);
    // One after the other would put every dev request before every staging one, and so on.
    const lastOf = (env: EnvironmentName) => order.lastIndexOf(env);
    const firstOf = (env: EnvironmentName) => order.indexOf(env);
    expect(firstOf("prod")).toBeLessThan(lastOf("dev"));
    expect(firstOf("staging")).toBeLessThan(lastOf("dev"));
  });

  it("a schedule deleted between plan and apply: one PUT, the stray it created deleted again, the update reported failed", async () => {
    const emulator = keep(await startEmulator({ seed: seed(3), rateLimit: false }));
    const api = client(emulator.url, { rateLimit: false });
    const desired = desiredUpdates(3, ["prod"]);
    const plan = planChanges(desired, await readLive(desired, api));
    const gone = plan.changes.find((c) => c.address === "prod.schedules.s1")!.remoteId!;
    emulator.admin.deleteSchedule(gone);
    emulator.clearRequests();
    const result = await applyPlan(plan, desired, createApplyOps(api));
    expect(result.failed).toEqual([
      {
        address: "prod.schedules.s1",
        operation: "updateSchedule",
        error: expect.stringContaining(`schedule ${gone} (iac:prod:s1) no longer exists in prod: it was deleted since the plan was made`),
      },
    ]);
    const forGone = emulator.requests.filter((r) => r.path.endsWith(gone) || r.method === "DELETE");
    expect(forGone.map((r) => `${r.method} ${r.status}`)).toEqual(["PUT 200", "DELETE 200"]);
    // The DELETE went to the stray's own id, and nothing the tool cannot recognise is left behind.
    const prod = emulator.admin.snapshot().projects[0]!.environments.prod!.schedules ?? [];
    expect(prod.map((s) => s.deduplicationKey).sort()).toEqual(["iac:prod:s0", "iac:prod:s2"]);
    // Three updates: three PUTs, and the one DELETE of the stray.
    expect(emulator.requests.map((r) => r.method).sort()).toEqual(["DELETE", "PUT", "PUT", "PUT"]);
  });
});

describe("the rate-limit bucket learnt from x-ratelimit-* headers", () => {
  it("a server with a smaller bucket than Trigger.dev Cloud's is never overrun once it has answered", async () => {
    const small = { maxTokens: 20, refillRate: 10, refillIntervalMs: 300 };
    const emulator = keep(await startEmulator({ seed: seed(1), rateLimit: small }));
    // The client starts from the cloud default (750 burst, 250 per 10 s) and is told nothing else.
    const api = client(emulator.url, { retry: { maxAttempts: 1 } });
    const prod = api.environment("prod").schedules;
    await prod.listPage(1, 1);
    const pages = await Promise.all(Array.from({ length: 60 }, () => prod.listPage(1, 1)));
    expect(pages).toHaveLength(60);
    const statuses = emulator.requests.map((r) => r.status);
    expect(statuses).toHaveLength(61);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
  });

  it("three environments with a small bucket each: every update goes through, no 429, one PUT per update", async () => {
    const small = { maxTokens: 15, refillRate: 15, refillIntervalMs: 200 };
    const emulator = keep(await startEmulator({ seed: seed(25), rateLimit: small }));
    const api = client(emulator.url, { retry: { maxAttempts: 1 } });
    const desired = desiredUpdates(25);
    const plan = planChanges(desired, await readLive(desired, api));
    emulator.clearRequests();
    const result = await applyPlan(plan, desired, createApplyOps(api));
    expect(result.failed).toEqual([]);
    expect(result.completed).toHaveLength(75);
    expect(emulator.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(emulator.requests.filter((r) => r.method === "PUT")).toHaveLength(75);
    expect(emulator.requests).toHaveLength(75);
  });
});

describe("plan reads sized from the declared counts", () => {
  it("asks for as many schedule pages as the declared count fills, and only the missing ones after", async () => {
    const emulator = keep(await startEmulator({ seed: seed(250), rateLimit: false }));
    const prod = client(emulator.url, { rateLimit: false }).environment("prod").schedules;
    const pages = () => emulator.requests.map((r) => Number(r.query.page)).sort((a, b) => a - b);
    expect(await prod.list({ expected: 250 })).toHaveLength(250);
    expect(pages()).toEqual([1, 2, 3]);
    emulator.clearRequests();
    // Fewer declared than live: the rest in a second wave, still one request per page.
    expect(await prod.list({ expected: 120 })).toHaveLength(250);
    expect(pages()).toEqual([1, 2, 3]);
    emulator.clearRequests();
    // More declared than live: one empty page asked for in vain, nothing else.
    expect(await prod.list({ expected: 301 })).toHaveLength(250);
    expect(pages()).toEqual([1, 2, 3, 4]);
  });
});
