import { createServer } from "node:http";
import type { IncomingHttpHeaders, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError, configure, deployments, envvars, NotFoundError, queues, runs, schedules } from "@trigger.dev/sdk";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed, RequestLogEntry } from "../src/testing.js";

/**
 * The official client, @trigger.dev/sdk 4.8.3, pointed at the emulator. Every SDK call parses the answer with
 * the SDK's own zod schemas (a mismatch throws ApiSchemaValidationError), so a call that completes proves the
 * emulator answers in a shape the real client accepts; each test then asserts the outcome against the emulator's
 * state (admin.snapshot()) and request log, not just "no throw".
 *
 * Not exercised on purpose (api-behaviour.md §0.13):
 * - `envvars.update()` throws `ReferenceError: name is not defined` outside a task in 4.8.3 (issue #4264), before
 *   any request is sent, so it cannot tell us anything about the emulator.
 * - `deployments.list()` schema-fails on a deployment whose `git` is null (§5.2), a client bug, not a server shape.
 */

const REF = "proj_conformancesdk00001";
const KEYS = {
  dev: "tr_dev_SdkDevKey000000000000001",
  prod: "tr_prod_SdkProdKey00000000000001",
};
const V1 = "20260101.1";

const tasks = [
  { id: "nightly-report", scheduled: true },
  { id: "send-email", concurrencyLimit: 10 },
  { id: "resize-image", concurrencyLimit: null },
];

const seed: EmulatorSeed = {
  projects: [
    {
      ref: REF,
      environments: {
        dev: {
          apiKey: KEYS.dev,
          deployments: [{ version: V1, tasks }],
          runs: [
            { id: "run_sdkconformance000000001", task: "send-email", status: "COMPLETED", version: V1, tags: ["order_1"], createdAt: "2026-11-01T10:00:00.000Z" },
            { id: "run_sdkconformance000000002", task: "resize-image", status: "FAILED", version: V1, createdAt: "2026-11-02T10:00:00.000Z" },
          ],
        },
        prod: {
          apiKey: KEYS.prod,
          maximumConcurrencyLimit: 25,
          deployments: [{ version: V1, tasks, queues: [{ name: "shared-queue", concurrencyLimit: 5 }, { name: "jobs/critical", concurrencyLimit: 2 }], git: { commitSha: "abc123", branchName: "main" } }],
          current: V1,
          envVars: { DATABASE_URL: "postgres://db", STRIPE_KEY: { value: "sk_live_x", secret: true } },
        },
      },
    },
  ],
};

/** Environment variables that would make the SDK send `x-trigger-branch` (§1.5) or aim elsewhere. */
const LEAKY_ENV = ["VERCEL_GIT_COMMIT_REF", "TRIGGER_PREVIEW_BRANCH", "TRIGGER_DEV_BRANCH", "TRIGGER_SECRET_KEY", "TRIGGER_ACCESS_TOKEN", "TRIGGER_API_URL"];
const savedEnv: Record<string, string | undefined> = {};

let emulator: Emulator;

/** Points the SDK at the emulator with one environment's key; one attempt, so a wrong answer fails fast. */
function useKey(key: string, baseURL = emulator.url): void {
  configure({ baseURL, accessToken: key, requestOptions: { retry: { maxAttempts: 1 } } });
}

beforeAll(async () => {
  for (const name of LEAKY_ENV) {
    savedEnv[name] = process.env[name];
    delete process.env[name];
  }
  emulator = await startEmulator({ seed });
});

afterAll(async () => {
  await emulator?.close();
  for (const name of LEAKY_ENV) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

beforeEach(() => {
  useKey(KEYS.prod);
  emulator.clearRequests();
});

/** The requests since the test began, as (method path status) lines. */
function log(): string[] {
  return emulator.requests.map((r: RequestLogEntry) => `${r.method} ${r.path} ${r.status}`);
}

/** A stored env var of prod, whichever seed form the snapshot uses (a bare string or `{ value, secret }`). */
function storedVar(name: string): { value: string; secret: boolean } | undefined {
  const stored = project().environments.prod?.envVars?.[name];
  if (stored === undefined) return undefined;
  return typeof stored === "string" ? { value: stored, secret: false } : { value: stored.value, secret: stored.secret ?? false };
}

function project() {
  const found = emulator.admin.snapshot().projects.find((p) => p.ref === REF);
  if (!found) throw new Error("seeded project missing from the snapshot");
  return found;
}

describe("sdk configuration", () => {
  it("sends the key and no x-trigger-branch header (proved through a recording proxy)", async () => {
    const seen: IncomingHttpHeaders[] = [];
    const proxy: Server = createServer((req, res) => {
      seen.push(req.headers);
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        fetch(`${emulator.url}${req.url ?? "/"}`, { method: req.method, headers, body })
          .then(async (upstream) => {
            res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
            res.end(Buffer.from(await upstream.arrayBuffer()));
          })
          .catch(() => {
            res.writeHead(502);
            res.end();
          });
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      useKey(KEYS.prod, `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
      const vars = await envvars.list(REF, "prod");
      expect(vars.map((v) => v.name).sort()).toEqual(["DATABASE_URL", "STRIPE_KEY"]);
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
    expect(seen).toHaveLength(1);
    expect(seen[0].authorization).toBe(`Bearer ${KEYS.prod}`);
    expect(seen[0]["x-trigger-branch"]).toBeUndefined();
    expect(seen[0]["x-trigger-source"]).toBe("sdk");
    expect(emulator.requests.map((r) => [r.path, r.environment, r.auth])).toEqual([[`/api/v1/projects/${REF}/envvars/prod`, "prod", "secretKey"]]);
  });
});

describe("envvars", () => {
  it("list: redacted secrets and plain values", async () => {
    const vars = await envvars.list(REF, "prod");
    expect(vars).toContainEqual({ name: "DATABASE_URL", value: "postgres://db", isSecret: false });
    expect(vars).toContainEqual({ name: "STRIPE_KEY", value: "<redacted>", isSecret: true });
    expect(log()).toEqual([`GET /api/v1/projects/${REF}/envvars/prod 200`]);
  });

  it("create, and upload a secret (CreateEnvironmentVariableParams has no isSecret in 4.8.3), then retrieve", async () => {
    expect(await envvars.create(REF, "prod", { name: "SDK_PLAIN", value: "hello" })).toEqual({ success: true });
    expect(await envvars.upload(REF, "prod", { variables: { SDK_SECRET: "s3cr3t" }, isSecret: true })).toEqual({ success: true });
    expect(storedVar("SDK_PLAIN")).toEqual({ value: "hello", secret: false });
    expect(storedVar("SDK_SECRET")).toEqual({ value: "s3cr3t", secret: true });
    expect(await envvars.retrieve(REF, "prod", "SDK_PLAIN")).toEqual({ name: "SDK_PLAIN", value: "hello", isSecret: false });
    expect(await envvars.retrieve(REF, "prod", "SDK_SECRET")).toEqual({ name: "SDK_SECRET", value: "<redacted>", isSecret: true });
    expect(log()).toHaveLength(4);
  });

  it("upload (import) with override false, then a refused re-upload", async () => {
    expect(await envvars.upload(REF, "prod", { variables: { SDK_IMPORTED: "1" }, override: false })).toEqual({ success: true });
    expect(storedVar("SDK_IMPORTED")?.value).toBe("1");
    await expect(envvars.upload(REF, "prod", { variables: { SDK_IMPORTED: "2" }, override: false })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("Some of the variables are already set") as unknown,
    });
    expect(storedVar("SDK_IMPORTED")?.value).toBe("1");
  });

  it("del removes the variable; retrieving it then raises NotFoundError", async () => {
    await envvars.create(REF, "prod", { name: "SDK_DOOMED", value: "x" });
    expect(await envvars.del(REF, "prod", "SDK_DOOMED")).toEqual({ success: true });
    expect(storedVar("SDK_DOOMED")).toBeUndefined();
    const error = await envvars.retrieve(REF, "prod", "SDK_DOOMED").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain("Environment variable not found");
    // one attempt each: a 404 is never retried
    expect(log()).toEqual([
      `POST /api/v1/projects/${REF}/envvars/prod 200`,
      `DELETE /api/v1/projects/${REF}/envvars/prod/SDK_DOOMED 200`,
      `GET /api/v1/projects/${REF}/envvars/prod/SDK_DOOMED 404`,
    ]);
  });
});

describe("schedules", () => {
  it("create → retrieve → update → deactivate → activate → list → del", async () => {
    const created = await schedules.create({
      task: "nightly-report",
      cron: "0 3 * * *",
      deduplicationKey: "sdk-nightly",
      timezone: "Europe/Paris",
      externalId: "customer-1",
    });
    expect(created).toMatchObject({ type: "IMPERATIVE", task: "nightly-report", active: true, deduplicationKey: "sdk-nightly", externalId: "customer-1", timezone: "Europe/Paris" });
    expect(created.generator).toMatchObject({ type: "CRON", expression: "0 3 * * *" });
    expect(created.nextRun).toBeInstanceOf(Date);
    expect(created.environments.map((e) => e.type)).toEqual(["PRODUCTION"]);

    const stored = () => project().environments.prod?.schedules?.find((s) => s.id === created.id);
    expect(stored()).toMatchObject({ task: "nightly-report", cron: "0 3 * * *", timezone: "Europe/Paris", deduplicationKey: "sdk-nightly" });

    expect(await schedules.retrieve(created.id)).toMatchObject({ id: created.id, externalId: "customer-1" });

    const updated = await schedules.update(created.id, { task: "nightly-report", cron: "15 6 * * 1-5", timezone: "America/New_York", externalId: "customer-1" });
    expect(updated).toMatchObject({ id: created.id, timezone: "America/New_York", generator: { expression: "15 6 * * 1-5" } });
    expect(stored()).toMatchObject({ cron: "15 6 * * 1-5", timezone: "America/New_York" });

    const off = await schedules.deactivate(created.id);
    expect(off.active).toBe(false);
    expect(off.nextRun ?? null).toBeNull(); // §3.1: null when inactive, which the SDK's nullish schema accepts
    expect(stored()?.active).toBe(false);

    const on = await schedules.activate(created.id);
    expect(on.active).toBe(true);
    expect(stored()?.active ?? true).toBe(true);

    const page = await schedules.list({ perPage: 100 });
    const listed = page.data.find((s) => s.id === created.id);
    expect(listed).toMatchObject({ deduplicationKey: "sdk-nightly", active: true });
    expect(page.pagination).toMatchObject({ currentPage: 1 });

    expect(await schedules.del(created.id)).toEqual({ id: created.id });
    expect(stored()).toBeUndefined();
    await expect(schedules.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);

    expect(log()).toEqual([
      "POST /api/v1/schedules 200",
      `GET /api/v1/schedules/${created.id} 200`,
      `PUT /api/v1/schedules/${created.id} 200`,
      `POST /api/v1/schedules/${created.id}/deactivate 200`,
      `POST /api/v1/schedules/${created.id}/activate 200`,
      "GET /api/v1/schedules 200",
      `DELETE /api/v1/schedules/${created.id} 200`,
      `GET /api/v1/schedules/${created.id} 404`,
    ]);
  });

  it("create twice with the same deduplicationKey keeps one schedule (§3.2)", async () => {
    const a = await schedules.create({ task: "nightly-report", cron: "0 1 * * *", deduplicationKey: "sdk-dedup" });
    const b = await schedules.create({ task: "nightly-report", cron: "0 2 * * *", deduplicationKey: "sdk-dedup" });
    expect(b.id).toBe(a.id);
    expect(project().environments.prod?.schedules?.filter((s) => s.deduplicationKey === "sdk-dedup")).toHaveLength(1);
  });

  it("schedules.list auto-pagination walks every page", async () => {
    for (let i = 0; i < 5; i++) await schedules.create({ task: "nightly-report", cron: `${i} 9 * * *`, deduplicationKey: `sdk-page-${i}` });
    emulator.clearRequests();
    const ids: string[] = [];
    for await (const schedule of schedules.list({ perPage: 2 })) ids.push(schedule.id);
    const stored = project().environments.prod?.schedules ?? [];
    expect(new Set(ids)).toEqual(new Set(stored.map((s) => s.id)));
    expect(ids.length).toBe(stored.length);
    expect(emulator.requests.length).toBe(Math.ceil(stored.length / 2));
  });

  it("an invalid cron is a 422 UnprocessableEntityError carrying the server's message", async () => {
    const error = await schedules.create({ task: "nightly-report", cron: "61 * * * *", deduplicationKey: "sdk-bad" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, message: expect.stringContaining("Invalid cron expression") as unknown });
    expect(log()).toEqual(["POST /api/v1/schedules 422"]);
  });

  it("timezones(): the public list, with and without UTC, sent without credentials", async () => {
    const all = await schedules.timezones();
    expect(all.timezones[0]).toBe("UTC");
    expect(all.timezones).toContain("Europe/Paris");
    const noUtc = await schedules.timezones({ excludeUtc: true });
    expect(noUtc.timezones).not.toContain("UTC");
    expect(noUtc.timezones.length).toBe(all.timezones.length - 1);
    expect(emulator.requests.map((r) => [r.path, r.query, r.auth])).toEqual([
      ["/api/v1/timezones", {}, "none"],
      ["/api/v1/timezones", { excludeUtc: "true" }, "none"],
    ]);
  });
});

describe("queues", () => {
  it("list and retrieve (by type+name and by id)", async () => {
    const page = await queues.list();
    expect(page.data.map((q) => q.name)).toEqual(["jobs/critical", "nightly-report", "resize-image", "send-email", "shared-queue"]);
    const byName = await queues.retrieve({ type: "task", name: "send-email" });
    expect(byName).toMatchObject({ name: "send-email", type: "task", concurrencyLimit: 10, paused: false });
    const byId = await queues.retrieve(byName.id);
    expect(byId).toMatchObject({ id: byName.id, name: "send-email" });
    const custom = await queues.retrieve({ type: "custom", name: "shared-queue" });
    expect(custom).toMatchObject({ type: "custom", concurrencyLimit: 5 });
  });

  it("overrideConcurrencyLimit then resetConcurrencyLimit", async () => {
    const overridden = await queues.overrideConcurrencyLimit({ type: "task", name: "send-email" }, 3);
    expect(overridden.concurrencyLimit).toBe(3);
    expect(overridden.concurrency).toMatchObject({ current: 3, base: 10, override: 3, overriddenBy: null });
    expect(overridden.concurrency?.overriddenAt).toBeInstanceOf(Date);
    const storedQueue = () => project().environments.prod?.queues?.find((q) => q.name === "send-email");
    expect(storedQueue()?.override).toBe(3);

    const reset = await queues.resetConcurrencyLimit({ type: "task", name: "send-email" });
    expect(reset.concurrencyLimit).toBe(10);
    expect(reset.concurrency).toMatchObject({ current: 10, base: null, override: null, overriddenAt: null });
    expect(storedQueue()?.override).toBeUndefined();

    await expect(queues.resetConcurrencyLimit({ type: "task", name: "send-email" })).rejects.toMatchObject({ status: 400, message: expect.stringContaining("Queue is not overridden") as unknown });
  });

  it("pause then resume", async () => {
    const paused = await queues.pause({ type: "task", name: "resize-image" });
    expect(paused.paused).toBe(true);
    expect(project().environments.prod?.queues?.find((q) => q.name === "resize-image")?.paused).toBe(true);
    const resumed = await queues.resume({ type: "task", name: "resize-image" });
    expect(resumed.paused).toBe(false);
    expect(project().environments.prod?.queues?.find((q) => q.name === "resize-image")?.paused ?? false).toBe(false);
    expect(log()).toEqual(["POST /api/v1/queues/resize-image/pause 200", "POST /api/v1/queues/resize-image/pause 200"]);
  });

  it("a custom queue whose name has a slash: the SDK's double encoding is decoded (§4.2)", async () => {
    const overridden = await queues.overrideConcurrencyLimit({ type: "custom", name: "jobs/critical" }, 1);
    expect(overridden).toMatchObject({ name: "jobs/critical", type: "custom", concurrencyLimit: 1 });
    expect(project().environments.prod?.queues?.find((q) => q.name === "jobs/critical")?.override).toBe(1);
    expect(log()).toEqual(["POST /api/v1/queues/jobs%252Fcritical/concurrency/override 200"]);
  });

  it("auto-pagination walks every page (perPage 2)", async () => {
    const names: string[] = [];
    for await (const queue of queues.list({ perPage: 2 })) names.push(queue.name);
    expect(names).toEqual(["jobs/critical", "nightly-report", "resize-image", "send-email", "shared-queue"]);
    expect(emulator.requests.map((r) => r.query)).toEqual([{ perPage: "2" }, { perPage: "2", page: "2" }, { perPage: "2", page: "3" }]);
  });

  it("an unknown queue is a NotFoundError", async () => {
    await expect(queues.retrieve({ type: "task", name: "no-such-task" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("deployments", () => {
  it("retrieveCurrent(): the promoted version, and it follows a promotion", async () => {
    const current = await deployments.retrieveCurrent();
    expect(current).toMatchObject({ version: V1, status: "DEPLOYED" });
    expect(current.id).toMatch(/^deployment_/);
    expect(current.createdAt).toBeInstanceOf(Date);

    emulator.admin.addDeployment("prod", { version: "20260102.1", tasks });
    emulator.admin.promote("prod", "20260102.1");
    expect((await deployments.retrieveCurrent()).version).toBe("20260102.1");
  });

  it("retrieveCurrent() in dev (never promoted) is a NotFoundError, not retried (x-should-retry: false, §5.1)", async () => {
    useKey(KEYS.dev);
    configure({ baseURL: emulator.url, accessToken: KEYS.dev }); // default retry policy: the header must stop it
    const error = await deployments.retrieveCurrent().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(log()).toEqual(["GET /api/v1/deployments/current 404"]);
  });
});

describe("deployments.list", () => {
  it("lists the environment's deployments, newest first (deployments that carry git metadata, see §0.13)", async () => {
    const page = await deployments.list();
    const versions = page.data.map((d) => d.version);
    expect(versions[0]).toBe("20260102.1"); // added by the promotion test above
    expect(versions).toContain(V1);
    expect(page.data.find((d) => d.version === V1)?.git).toEqual({ commitSha: "abc123", branchName: "main" });
  });
});

describe("runs", () => {
  it("list (with a status filter) and retrieve", async () => {
    useKey(KEYS.dev);
    const all = await runs.list();
    expect(all.data.map((r) => r.id)).toEqual(["run_sdkconformance000000002", "run_sdkconformance000000001"]);
    const failed = await runs.list({ status: ["FAILED"] });
    expect(failed.data.map((r) => r.id)).toEqual(["run_sdkconformance000000002"]);
    const run = await runs.retrieve("run_sdkconformance000000001");
    expect(run).toMatchObject({ id: "run_sdkconformance000000001", status: "COMPLETED", taskIdentifier: "send-email", isSuccess: true, tags: ["order_1"] });
    expect(run.createdAt).toBeInstanceOf(Date);
  });
});

describe("errors", () => {
  it("an unknown key is an AuthenticationError on every family", async () => {
    useKey("tr_prod_UnknownKey00000000000009");
    await expect(envvars.list(REF, "prod")).rejects.toBeInstanceOf(AuthenticationError);
    await expect(schedules.list()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(queues.list()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(deployments.retrieveCurrent()).rejects.toBeInstanceOf(AuthenticationError);
    expect(emulator.requests.map((r) => [r.status, r.auth])).toEqual(Array(4).fill([401, "invalid"]));
  });
});

describe("rate limiting", () => {
  it("the SDK reads the emulator's 429 (x-ratelimit-reset in epoch ms, §1.6–1.7) and retries to success", async () => {
    // A separate emulator whose bucket holds one token and refills every 200 ms.
    const limited = await startEmulator({ seed, rateLimit: { maxTokens: 1, refillRate: 1, refillIntervalMs: 200 } });
    try {
      configure({ baseURL: limited.url, accessToken: KEYS.prod }); // the SDK's default retry policy
      const first = await queues.list();
      const second = await queues.list();
      expect(second.data.map((q) => q.name)).toEqual(first.data.map((q) => q.name));
      const statuses = limited.requests.map((r) => r.status);
      expect(statuses.slice(0, 2)).toEqual([200, 429]);
      expect(statuses[statuses.length - 1]).toBe(200);
      expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });
});
