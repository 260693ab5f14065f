import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_SEED, loadSeedFile, parseFaultSpec, startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorOptions } from "../src/testing.js";
import { call } from "./helpers/emulator-http.js";

let dir: string;
let emu: Emulator;
const started: Emulator[] = [];

async function fresh(options: EmulatorOptions = {}): Promise<Emulator> {
  const e = await startEmulator(options);
  started.push(e);
  return e;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "emulator-core-"));
  emu = await fresh();
});
afterAll(async () => {
  await Promise.all(started.map((e) => e.close()));
  rmSync(dir, { recursive: true, force: true });
});

const YAML_SEED = `
personalAccessTokens:
  - token: tr_pat_yamlseed000000000000000000000000000000
projects:
  - ref: proj_yamlseedxxxxxxxxxxxx
    name: From YAML
    environments:
      prod:
        apiKey: tr_prod_yamlseed0000000000000001
        maximumConcurrencyLimit: 25
        envVars:
          PLAIN: hello
          TOKEN: { value: s3cret, secret: true }
        deployments:
          - version: "20261110.1"
            tasks:
              - { id: report, scheduled: true, cron: "0 8 * * 1-5" }
              - { id: mailer, concurrencyLimit: 40 }
        current: "20261110.1"
`;

describe("seeding", () => {
  test("a YAML seed file defines projects, keys, env vars, deployments and declarative schedules", async () => {
    const path = join(dir, "seed.yaml");
    writeFileSync(path, YAML_SEED);
    expect(loadSeedFile(path).projects[0]?.ref).toBe("proj_yamlseedxxxxxxxxxxxx");
    const e = await fresh({ seed: path });
    expect(e.credentials).toMatchObject({ projectRef: "proj_yamlseedxxxxxxxxxxxx", accessToken: "tr_pat_yamlseed000000000000000000000000000000" });
    expect(e.credentials.secretKeys.prod).toBe("tr_prod_yamlseed0000000000000001");
    const key = e.credentials.secretKeys.prod;
    const vars = await call(e, "GET", "/api/v1/projects/proj_yamlseedxxxxxxxxxxxx/envvars/prod", { token: key });
    expect(vars.body).toEqual([
      { name: "PLAIN", value: "hello", isSecret: false },
      { name: "TOKEN", value: "<redacted>", isSecret: true },
    ]);
    const schedules = await call(e, "GET", "/api/v1/schedules", { token: key });
    expect(schedules.body.data).toHaveLength(1);
    expect(schedules.body.data[0]).toMatchObject({ type: "DECLARATIVE", task: "report", generator: { description: "At 08:00 AM, Monday through Friday" } });
    // Declared limits are clamped to the environment maximum on deploy (§4.7).
    expect((await call(e, "GET", "/api/v1/queues/mailer?type=task", { token: key })).body.concurrencyLimit).toBe(25);
  });

  test("a bad seed is refused with a message naming the problem", async () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, JSON.stringify({ projects: [{ ref: "proj_x", environments: { prod: { apiKey: "tr_dev_wrongprefix" } } }] }));
    expect(() => loadSeedFile(path)).toThrow('Invalid emulator seed: projects[0].environments.prod.apiKey must be a secret key starting with "tr_prod_"');
    await expect(startEmulator({ seed: join(dir, "missing.yaml") })).rejects.toThrow("Cannot read emulator seed file");
  });
});

describe("persistence", () => {
  test("state written to statePath survives a restart, ids included", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath });
    const key = first.credentials.secretKeys.prod;
    const ref = first.credentials.projectRef;
    await call(first, "POST", `/api/v1/projects/${ref}/envvars/prod`, { token: key, body: { name: "PERSISTED", value: "yes" } });
    const created = await call(first, "POST", "/api/v1/schedules", { token: key, body: { task: "nightly-cleanup", cron: "15 4 * * *", deduplicationKey: "persisted" } });
    await call(first, "POST", "/api/v1/queues/send-email/concurrency/override", { token: key, body: { type: "task", concurrencyLimit: 7 } });
    await first.close();

    const second = await fresh({ statePath, seed: { projects: [{ ref: "proj_ignored", environments: {} }] } });
    expect(second.credentials.projectRef).toBe(ref);
    expect((await call(second, "GET", `/api/v1/projects/${ref}/envvars/prod/PERSISTED`, { token: key })).body.value).toBe("yes");
    const schedule = await call(second, "GET", "/api/v1/schedules/persisted", { token: key });
    expect(schedule.body.id).toBe(created.body.id);
    expect((await call(second, "GET", "/api/v1/queues/send-email?type=task", { token: key })).body.concurrency).toMatchObject({ current: 7, base: 10 });
    // New ids continue the sequence instead of reusing one.
    const next = await call(second, "POST", "/api/v1/schedules", { token: key, body: { task: "nightly-cleanup", cron: "15 5 * * *", deduplicationKey: "persisted-2" } });
    expect(next.body.id).not.toBe(created.body.id);
  });
});

describe("request log", () => {
  test("records method, raw path, query, status, auth kind, environment and project", async () => {
    emu.clearRequests();
    const ref = emu.credentials.projectRef;
    await call(emu, "GET", "/api/v1/queues/task%252Fsend-email?type=task", { token: emu.credentials.secretKeys.staging });
    await call(emu, "GET", `/api/v1/projects/${ref}/prod`, { token: emu.credentials.accessToken });
    await call(emu, "GET", "/api/v1/schedules", { token: "tr_prod_unknown000000000000000000" });
    await call(emu, "GET", "/api/v1/timezones");
    expect(emu.requests).toEqual([
      { seq: expect.any(Number), method: "GET", path: "/api/v1/queues/task%252Fsend-email", query: { type: "task" }, status: 200, auth: "secretKey", environment: "staging", projectRef: ref },
      { seq: expect.any(Number), method: "GET", path: `/api/v1/projects/${ref}/prod`, query: {}, status: 200, auth: "pat", projectRef: ref },
      { seq: expect.any(Number), method: "GET", path: "/api/v1/schedules", query: {}, status: 401, auth: "invalid" },
      { seq: expect.any(Number), method: "GET", path: "/api/v1/timezones", query: {}, status: 200, auth: "none" },
    ]);
    const seqs = emu.requests.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    emu.clearRequests();
    expect(emu.requests).toHaveLength(0);
  });
});

describe("rate limiting", () => {
  test("a burst beyond 750 gets a problem+json 429 with x-ratelimit headers; exempt paths and other buckets still answer", async () => {
    const e = await fresh();
    const key = e.credentials.secretKeys.prod;
    const statuses: number[] = [];
    for (let batch = 0; batch < 38; batch++) {
      const results = await Promise.all(Array.from({ length: 20 }, () => call(e, "GET", "/api/v1/queues?perPage=1", { token: key })));
      statuses.push(...results.map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(750);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);

    const limited = await call(e, "GET", "/api/v1/queues", { token: key });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(limited.headers.get("x-ratelimit-limit")).toBe("750");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    const reset = Number(limited.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThan(1_700_000_000_000);
    expect(limited.headers.get("retry-after")).toBeNull();
    expect(limited.body).toMatchObject({ title: "Rate Limit Exceeded", status: 429, limit: 750, reset, type: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/429" });
    expect(limited.body.remaining).toBeLessThan(0);
    expect(limited.body.error).toMatch(/^Rate limit exceeded 0\/750 requests remaining\. Retry in [\d.]+ seconds\.$/);

    const tz = await call(e, "GET", "/api/v1/timezones");
    expect(tz.status).toBe(200);
    expect(tz.headers.get("x-ratelimit-limit")).toBeNull();
    expect((await call(e, "GET", "/api/v1/deployments/current", { token: key })).status).toBe(200);
    const deployments = await call(e, "GET", "/api/v1/deployments", { token: key });
    expect(deployments.status).toBe(200);
    expect(deployments.headers.get("x-ratelimit-limit")).toBe("1500");
    const other = await call(e, "GET", "/api/v1/queues", { token: e.credentials.secretKeys.staging });
    expect(other.status).toBe(200);
    expect(other.headers.get("x-ratelimit-remaining")).toBe("749");
  });

  test("no Authorization header on a limited path is a problem+json 401 before the route runs", async () => {
    const res = await call(emu, "GET", "/api/v1/queues");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(res.body).toEqual({
      title: "Unauthorized",
      status: 401,
      type: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/401",
      detail: "No authorization header provided",
      error: "No authorization header provided",
    });
  });
});

describe("faults and latency", () => {
  test("each fault kind: 429 with headers, 500/502/503, connection reset, timeout; times limits them; close() still ends", async () => {
    const e = await startEmulator({
      faults: [
        { kind: "429", probability: 1, pathPrefix: "/api/v1/queues", times: 1 },
        { kind: "500", probability: 1, pathPrefix: "/api/v1/schedules", times: 1 },
        { kind: "502", probability: 1, pathPrefix: "/api/v1/runs", times: 1 },
        { kind: "503", probability: 1, pathPrefix: "/api/v1/deployments", method: "GET", times: 1 },
        { kind: "reset", probability: 1, pathPrefix: "/api/v1/timezones", times: 1 },
        { kind: "timeout", probability: 1, pathPrefix: "/api/v3/runs", times: 2 },
      ],
    });
    const key = e.credentials.secretKeys.prod;
    const r429 = await call(e, "GET", "/api/v1/queues", { token: key });
    expect(r429.status).toBe(429);
    expect(r429.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(Number(r429.headers.get("x-ratelimit-reset"))).toBeGreaterThan(1_700_000_000_000);
    expect((await call(e, "GET", "/api/v1/queues", { token: key })).status).toBe(200);
    expect((await call(e, "GET", "/api/v1/schedules", { token: key })).status).toBe(500);
    expect((await call(e, "GET", "/api/v1/runs", { token: key })).status).toBe(502);
    expect((await call(e, "GET", "/api/v1/deployments", { token: key })).status).toBe(503);
    await expect(call(e, "GET", "/api/v1/timezones")).rejects.toThrow();
    expect((await call(e, "GET", "/api/v1/timezones")).status).toBe(200);
    await expect(fetch(`${e.url}/api/v3/runs/run_x`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(e.requests.filter((r) => r.fault).map((r) => r.fault)).toEqual(["429", "500", "502", "503", "reset", "timeout"]);
    // A second request hangs with no client timeout at all: close() must still end it and resolve.
    const hanging = fetch(`${e.url}/api/v3/runs/run_y`, { headers: { authorization: `Bearer ${key}` } }).then(
      () => "answered",
      () => "closed",
    );
    while (e.requests.filter((r) => r.fault === "timeout").length < 2) await new Promise((r) => setTimeout(r, 10));
    await e.close();
    expect(await hanging).toBe("closed");
  });

  test("the same randomSeed gives the same fault and latency sequence; another seed differs", async () => {
    const options = (randomSeed: number): EmulatorOptions => ({ randomSeed, faults: "500:0.3,503:0.2", latency: { minMs: 0, maxMs: 4 }, rateLimit: false });
    const sequence = async (e: Emulator) => {
      for (let i = 0; i < 40; i++) await call(e, "GET", "/api/v1/timezones?excludeUtc=true");
      return e.requests.map((r) => `${r.status}/${r.fault ?? "-"}/${r.latencyMs ?? 0}`);
    };
    const a = await sequence(await fresh(options(42)));
    const b = await sequence(await fresh(options(42)));
    const c = await sequence(await fresh(options(43)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.some((s) => s.includes("/500/"))).toBe(true);
    expect(a.some((s) => s.startsWith("200/"))).toBe(true);
  });

  test("parseFaultSpec reads the CLI format and refuses bad specs clearly", () => {
    expect(parseFaultSpec("429:0.1,500:0.05,reset:0.02,timeout:0.01")).toEqual([
      { kind: "429", probability: 0.1 },
      { kind: "500", probability: 0.05 },
      { kind: "reset", probability: 0.02 },
      { kind: "timeout", probability: 0.01 },
    ]);
    expect(() => parseFaultSpec("404:0.1")).toThrow('Invalid fault kind "404"');
    expect(() => parseFaultSpec("500:2")).toThrow('Invalid fault probability "2"');
    expect(() => parseFaultSpec("500")).toThrow("expected KIND:PROBABILITY");
  });
});

describe("pagination", () => {
  test("schedules: perPage default 20, clamped to 100, bad values 400", async () => {
    const e = await fresh();
    const key = e.credentials.secretKeys.prod;
    for (let i = 0; i < 120; i++) e.admin.upsertSchedule("prod", { task: "nightly-cleanup", cron: `${i % 60} 1 * * *`, deduplicationKey: `page-${i}` });
    const total = (await call(e, "GET", "/api/v1/schedules", { token: key })).body;
    expect(total.data).toHaveLength(20);
    expect(total.pagination).toEqual({ currentPage: 1, totalPages: Math.ceil(total.pagination.count / 20), count: total.pagination.count });
    expect(total.pagination.count).toBeGreaterThanOrEqual(121);
    expect((await call(e, "GET", "/api/v1/schedules?perPage=500", { token: key })).body.data).toHaveLength(100);
    const bad = await call(e, "GET", "/api/v1/schedules?page=0", { token: key });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("Invalid request parameters");
    expect(bad.body.issues[0]).toMatchObject({ code: "too_small", path: ["page"] });
  });

  test("queues: perPage default 25, clamp 100, Query Error; deployments: page[size] floor of 5, cursor", async () => {
    const e = await fresh();
    const key = e.credentials.secretKeys.prod;
    e.admin.addDeployment("prod", { version: "20261121.1", queues: Array.from({ length: 30 }, (_, i) => ({ name: `bulk-${String(i).padStart(2, "0")}` })) });
    const queues = await call(e, "GET", "/api/v1/queues", { token: key });
    expect(queues.body.data).toHaveLength(25);
    expect(queues.body.pagination.count).toBeGreaterThan(25);
    expect((await call(e, "GET", "/api/v1/queues?perPage=1000", { token: key })).body.data).toHaveLength(queues.body.pagination.count);
    const bad = await call(e, "GET", "/api/v1/queues?perPage=abc", { token: key });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: "Query Error", details: [{ code: "invalid_type", path: ["perPage"] }] });

    for (let i = 2; i <= 6; i++) e.admin.addDeployment("prod", { version: `20261121.${i}` });
    const page = await call(e, "GET", "/api/v1/deployments?page[size]=2", { token: key });
    expect(page.body.data.map((d: { version: string }) => d.version)).toEqual(["20261121.6", "20261121.5", "20261121.4", "20261121.3", "20261121.2"]);
    expect(page.body.pagination.next).toBe(page.body.data[4].id);
    const next = await call(e, "GET", `/api/v1/deployments?page[size]=5&page[after]=${page.body.pagination.next}`, { token: key });
    expect(next.body.data.map((d: { version: string }) => d.version)).toEqual(["20261121.1", "20261120.1", "20261101.1"]);
    expect(next.body.pagination).toEqual({});
    const tooBig = await call(e, "GET", "/api/v1/deployments?page[size]=101", { token: key });
    expect(tooBig.body).toMatchObject({ error: "Query Error", details: [{ message: "Limit must be less than 100" }] });
  });
});

describe("credentials", () => {
  test("which credential works where (§1.1)", async () => {
    const { projectRef: ref, accessToken: pat, secretKeys: keys } = emu.credentials;
    expect((await call(emu, "GET", "/api/v1/schedules", { token: pat })).body).toEqual({ error: "Invalid or Missing API Key" });
    expect((await call(emu, "GET", "/api/v1/queues", { token: pat })).status).toBe(401);
    expect((await call(emu, "GET", "/api/v1/deployments", { token: pat })).status).toBe(401);
    expect((await call(emu, "GET", `/api/v1/projects/${ref}/envvars/prod`, { token: pat })).status).toBe(200);
    expect((await call(emu, "GET", `/api/v1/projects/${ref}/envvars/staging`, { token: pat })).body.find((v: { name: string }) => v.name === "LOG_LEVEL").value).toBe("info");
    expect((await call(emu, "GET", `/api/v1/projects/${ref}/envvars`, { token: pat })).status).toBe(401);
    expect((await call(emu, "GET", `/api/v1/projects/${ref}/environments`, { token: keys.prod })).body).toEqual({ error: "Invalid or Missing Access Token" });
    const envs = await call(emu, "GET", `/api/v1/projects/${ref}/environments`, { token: pat });
    expect(envs.body.map((x: { slug: string }) => x.slug)).toEqual(["dev", "stg", "prod", "preview"]);
    const lookup = await call(emu, "GET", `/api/v1/projects/${ref}/staging`, { token: pat });
    expect(lookup.body).toMatchObject({ apiKey: keys.staging, apiUrl: emu.url, name: "Demo project" });
    expect((await call(emu, "GET", `/api/v1/projects/${ref}/production`, { token: pat })).status).toBe(400);
    expect((await call(emu, "GET", `/api/v1/projects/proj_nopexxxxxxxxxxxxxxxx/prod`, { token: pat })).body).toEqual({ error: "Project not found" });
    expect((await call(emu, "GET", `/api/v1/projects/${ref}/envvars/prod`, { token: "tr_prod_nope00000000000000000000" })).body).toEqual({ error: "Invalid API key" });
    expect((await call(emu, "GET", `/api/v1/projects/${ref}/envvars/prod`, { headers: { authorization: "Bearer " } })).body).toEqual({ error: "Invalid or Missing API key" });
    const runtime = await call(emu, "GET", `/api/v1/projects/${ref}/envvars`, { token: keys.prod });
    expect(runtime.body.variables).toMatchObject({ STRIPE_SECRET_KEY: "sk_live_emulator_demo_value", TRIGGER_SECRET_KEY: keys.prod, TRIGGER_API_URL: emu.url });
    expect(Object.keys(runtime.body.variables).some((k) => k.startsWith("OTEL_"))).toBe(true);
    expect(runtime.body.variables.TRIGGER_ORG_ID).toEqual(expect.any(String));
    expect((await call(emu, "GET", "/api/v1/projects/proj_otherxxxxxxxxxxxxxxx/envvars", { token: keys.prod })).body).toEqual({ error: "Project not found" });
  });
});

describe("scoped keys", () => {
  test("additional keys act within their scopes; schedule routes refuse restricted keys (§1.1)", async () => {
    const seed = structuredClone(DEFAULT_SEED);
    const readEnv = "tr_prod_sk_readEnvVars0000000000001";
    const queues = "tr_prod_sk_writeQueues0000000000001";
    const full = "tr_prod_sk_adminKey0000000000000001";
    seed.projects[0]!.environments.prod!.additionalKeys = [
      { key: readEnv, scopes: ["read:envvars"] },
      { key: queues, scopes: ["read:queues", "write:queues"] },
      { key: full, scopes: ["admin"] },
    ];
    const e = await fresh({ seed });
    const ref = e.credentials.projectRef;
    expect((await call(e, "GET", `/api/v1/projects/${ref}/envvars/prod`, { token: readEnv })).status).toBe(200);
    const write = await call(e, "POST", `/api/v1/projects/${ref}/envvars/prod`, { token: readEnv, body: { name: "A", value: "b" } });
    expect(write.status).toBe(403);
    expect(write.body).toEqual({ error: "Unauthorized" });
    const q = await call(e, "GET", "/api/v1/queues", { token: readEnv });
    expect(q.status).toBe(403);
    expect(q.body).toEqual({ error: "Unauthorized", code: "unauthorized", param: "access_token", type: "authorization" });
    expect((await call(e, "POST", "/api/v1/queues/send-email/pause", { token: queues, body: { type: "task", action: "pause" } })).body.paused).toBe(true);
    expect((await call(e, "GET", "/api/v1/schedules", { token: queues })).body).toEqual({ error: "Invalid or Missing API Key" });
    expect((await call(e, "GET", "/api/v1/schedules", { token: full })).status).toBe(200);
    const logged = e.requests.at(-1);
    expect(logged).toMatchObject({ auth: "secretKey", environment: "prod" });
    expect(() => validateBadKey()).toThrow("additionalKeys[0].key must match tr_prod_sk_");
  });
});

function validateBadKey() {
  const seed = structuredClone(DEFAULT_SEED);
  seed.projects[0]!.environments.prod!.additionalKeys = [{ key: "tr_prod_sk_short", scopes: [] }];
  const path = join(dir, "bad-additional.json");
  writeFileSync(path, JSON.stringify(seed));
  return loadSeedFile(path);
}

describe("admin", () => {
  test("drift by hand: env vars, schedules, queue overrides and pauses, deployments and promotion", async () => {
    const e = await fresh();
    const { projectRef: ref, secretKeys: keys } = e.credentials;
    e.admin.setEnvVar("prod", "DRIFTED", "dashboard-value", { secret: true });
    const listed = await call(e, "GET", `/api/v1/projects/${ref}/envvars/prod`, { token: keys.prod });
    expect(listed.body).toContainEqual({ name: "DRIFTED", value: "<redacted>", isSecret: true });
    e.admin.deleteEnvVar("prod", "LOG_LEVEL");
    expect((await call(e, "GET", `/api/v1/projects/${ref}/envvars/prod/LOG_LEVEL`, { token: keys.prod })).status).toBe(404);

    const s = e.admin.upsertSchedule("prod", { task: "nightly-cleanup", cron: "0 12 * * *", timezone: "Europe/London", deduplicationKey: "from-dashboard" });
    expect((await call(e, "GET", `/api/v1/schedules/${s.id}`, { token: keys.prod })).body.timezone).toBe("Europe/London");
    e.admin.deleteSchedule(s.id);
    expect((await call(e, "GET", `/api/v1/schedules/${s.id}`, { token: keys.prod })).status).toBe(404);

    e.admin.overrideQueue("prod", { type: "task", name: "send-email" }, 4, { by: "Jane Doe" });
    e.admin.pauseQueue("prod", { type: "custom", name: "shared-exports" }, true);
    const q = await call(e, "GET", "/api/v1/queues/send-email?type=task", { token: keys.prod });
    expect(q.body.concurrency).toMatchObject({ current: 4, base: 10, override: 4, overriddenBy: "Jane Doe" });
    expect((await call(e, "GET", "/api/v1/queues/shared-exports?type=custom", { token: keys.prod })).body.paused).toBe(true);

    e.admin.addDeployment("prod", { version: "20261124.1", tasks: [{ id: "send-email", concurrencyLimit: 12 }] });
    e.admin.promote("prod", "20261124.1");
    expect((await call(e, "GET", "/api/v1/deployments/current", { token: keys.prod })).body.version).toBe("20261124.1");
    const snap = e.admin.snapshot().projects[0]!.environments.prod!;
    expect(snap.current).toBe("20261124.1");
    expect(snap.queues).toContainEqual(expect.objectContaining({ type: "task", name: "send-email", override: 4, overriddenBy: "Jane Doe" }));
    expect(() => e.admin.promote("prod", "19990101.1")).toThrow("No deployment 19990101.1");
    expect(() => e.admin.setEnvVar("prod", "X", "y", { projectRef: "proj_unknown" })).toThrow("Emulator has no project proj_unknown");
    expect(DEFAULT_SEED.projects[0]!.ref).toBe("proj_demoemulatorxxxxxxxxxx");
  });
});

describe("endpoint details", () => {
  test("schedule descriptions for common cron forms, 'Custom schedule' otherwise", async () => {
    const key = emu.credentials.secretKeys.dev;
    const cases: [string, string][] = [
      ["0 * * * *", "Every hour"],
      ["*/15 * * * *", "Every 15 minutes"],
      ["30 4 * * *", "At 04:30 AM"],
      ["0 18 * * 1-5", "At 06:00 PM, Monday through Friday"],
      ["0 9 * * 1,3", "At 09:00 AM, only on Monday and Wednesday"],
      ["0 0 1 * *", "At 12:00 AM, on day 1 of the month"],
      ["0 0 1 1 *", "Custom schedule"],
    ];
    for (const [cron, description] of cases) {
      const res = await call(emu, "POST", "/api/v1/schedules", { token: key, body: { task: "nightly-cleanup", cron, deduplicationKey: `describe-${cron}` } });
      expect(res.body.generator, cron).toEqual({ type: "CRON", expression: cron, description });
    }
  });

  test("queue override validation messages and percent overrides (§4.7)", async () => {
    const key = emu.credentials.secretKeys.staging;
    const path = "/api/v1/queues/process-payment/concurrency/override";
    const expectError = async (body: unknown, error: string) => {
      const res = await call(emu, "POST", path, { token: key, body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error });
    };
    await expectError({ type: "task" }, "Validation error: Provide exactly one of `concurrencyLimit` or `percent`");
    await expectError({ type: "task", concurrencyLimit: 1, percent: 5 }, "Validation error: Provide exactly one of `concurrencyLimit` or `percent`");
    await expectError({ type: "task", concurrencyLimit: 100001 }, 'Validation error: Number must be less than or equal to 100000 at "concurrencyLimit"');
    await expectError({ type: "task", concurrencyLimit: 1.5 }, 'Validation error: Expected integer, received float at "concurrencyLimit"');
    await expectError({ type: "task", concurrencyLimit: "5" }, 'Validation error: Expected number, received string at "concurrencyLimit"');
    await expectError({ type: "task", concurrencyLimit: 60 }, "Concurrency limit (60) cannot exceed the environment limit (50)");
    const pause = await call(emu, "POST", "/api/v1/queues/process-payment/pause", { token: key, body: { type: "task" } });
    expect(pause.body).toEqual({ error: 'Validation error: Required at "action"' });
    expect((await call(emu, "POST", "/api/v1/queues/process-payment/concurrency/reset", { token: key })).body).toEqual({ error: "Request body is empty" });
    const badType = await call(emu, "GET", "/api/v1/queues/process-payment?type=bad", { token: key });
    expect(badType.body.details[0]).toEqual({
      received: "bad",
      code: "invalid_enum_value",
      options: ["task", "custom", "id"],
      path: ["type"],
      message: "Invalid enum value. Expected 'task' | 'custom' | 'id', received 'bad'",
    });
    const percent = await call(emu, "POST", path, { token: key, body: { type: "task", percent: 10 } });
    expect(percent.body.concurrency).toMatchObject({ current: 5, base: 5, override: 5 });
    const one = await call(emu, "GET", "/api/v1/queues/task%252Fprocess-payment?type=task", { token: key });
    expect(one.body.concurrencyLimitOverridePercent).toBe(10);
    expect((await call(emu, "GET", `/api/v1/queues/${one.body.id}`, { token: key })).body.name).toBe("process-payment");
  });

  test("a name with a colon is stored but listed truncated (§2.1)", async () => {
    const ref = emu.credentials.projectRef;
    const key = emu.credentials.secretKeys.dev;
    expect((await call(emu, "POST", `/api/v1/projects/${ref}/envvars/dev`, { token: key, body: { name: "NS:VALUE", value: "x" } })).status).toBe(200);
    const list = await call(emu, "GET", `/api/v1/projects/${ref}/envvars/dev`, { token: key });
    expect(list.body).toContainEqual({ name: "NS", value: "x", isSecret: false });
    expect((await call(emu, "GET", `/api/v1/projects/${ref}/envvars/dev/NS:VALUE`, { token: key })).status).toBe(404);
    expect((await call(emu, "DELETE", `/api/v1/projects/${ref}/envvars/dev/NS:VALUE`, { token: key })).status).toBe(200);
  });

  test("multipart import of a dotenv file", async () => {
    const ref = emu.credentials.projectRef;
    const form = new FormData();
    form.append("variables", new Blob(["# comment\nFROM_FILE=one\nQUOTED=\"two words\"\n"], { type: "text/plain" }), ".env");
    form.append("override", "true");
    const res = await fetch(`${emu.url}/api/v1/projects/${ref}/envvars/dev/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.credentials.secretKeys.dev}` },
      body: form,
    });
    expect(res.status).toBe(200);
    const list = await call(emu, "GET", `/api/v1/projects/${ref}/envvars/dev`, { token: emu.credentials.secretKeys.dev });
    expect(list.body).toContainEqual({ name: "FROM_FILE", value: "one", isSecret: false });
    expect(list.body).toContainEqual({ name: "QUOTED", value: "two words", isSecret: false });
  });

  test("runs: filters, cursor pages and retrieve within the key's environment", async () => {
    const key = emu.credentials.secretKeys.prod;
    const all = await call(emu, "GET", "/api/v1/runs", { token: key });
    expect(all.body.data.map((r: { taskIdentifier: string }) => r.taskIdentifier)).toEqual(["daily-report", "process-payment", "send-email"]);
    expect(all.body.data[0].env).toMatchObject({ name: "prod" });
    const failed = await call(emu, "GET", "/api/v1/runs?filter[status]=FAILED,COMPLETED&filter[taskIdentifier]=process-payment", { token: key });
    expect(failed.body.data).toHaveLength(1);
    expect(failed.body.data[0]).toMatchObject({ status: "FAILED", isFailed: true, tags: ["customer_42"] });
    const bad = await call(emu, "GET", "/api/v1/runs?filter[status]=FOOBAR", { token: key });
    expect(bad.body).toEqual({ error: "Query Error", details: [{ code: "custom", message: "Invalid status values: FOOBAR", path: ["filter[status]"] }] });
    const page = await call(emu, "GET", "/api/v1/runs?page[size]=2", { token: key });
    expect(page.body.pagination.next).toBe(page.body.data[1].id);
    const rest = await call(emu, "GET", `/api/v1/runs?page[size]=2&page[after]=${page.body.pagination.next}`, { token: key });
    expect(rest.body.data.map((r: { id: string }) => r.id)).toEqual([all.body.data[2].id]);
    const one = await call(emu, "GET", `/api/v3/runs/${all.body.data[2].id}`, { token: key });
    expect(one.body).toMatchObject({ id: all.body.data[2].id, status: "COMPLETED", isSuccess: true, attempts: [], relatedRuns: {} });
    expect((await call(emu, "GET", `/api/v3/runs/${all.body.data[2].id}`, { token: emu.credentials.secretKeys.staging })).body).toEqual({ error: "Run not found" });
  });

  test("deployment retrieve, latest and the wrong-method answers (Remix's own for a missing loader/action)", async () => {
    const key = emu.credentials.secretKeys.prod;
    const list = await call(emu, "GET", "/api/v1/deployments", { token: key });
    const one = await call(emu, "GET", `/api/v1/deployments/${list.body.data[0].id}`, { token: key });
    expect(one.body).toMatchObject({ id: list.body.data[0].id, status: "DEPLOYED", version: list.body.data[0].version, worker: { version: list.body.data[0].version } });
    expect((await call(emu, "GET", "/api/v1/deployments/deployment_nope", { token: key })).body).toEqual({ error: "Deployment not found" });
    expect((await call(emu, "GET", "/api/v1/deployments/latest", { token: key })).body).toEqual({ error: "Deployment not found" });
    // A PUT reaches the promote action, whose method check returns a plain object Remix sends with status 200.
    const wrong = await call(emu, "PUT", "/api/v1/deployments/20261120.1/promote", { token: key });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toEqual({ status: 405, body: "Method Not Allowed" });
    // A POST on the loader-only deployments/current route never reaches a handler (emulator-fidelity.test.ts, item 6).
    const loader = await call(emu, "POST", "/api/v1/deployments/current", { token: key });
    expect(loader.status).toBe(405);
    expect(loader.body).toEqual({ message: "Unexpected Server Error" });
  });
});
