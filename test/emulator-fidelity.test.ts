import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_SEED } from "../src/emulator/default-seed.js";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed } from "../src/testing.js";
import { call } from "./helpers/emulator-http.js";

// Conformance with the real server where a differential run found the emulator differing (issue 13). Each test
// names the server file (triggerdotdev/trigger.dev) whose behaviour it pins.

const SCOPED_READ_ONLY = "tr_prod_sk_ReadOnlyDeploys000000000";

/** The default seed plus a prod key scoped to reading deployments and queues. */
function seedWithScopedKey(): EmulatorSeed {
  const seed = structuredClone(DEFAULT_SEED) as EmulatorSeed;
  const prod = seed.projects[0]!.environments.prod!;
  prod.additionalKeys = [{ key: SCOPED_READ_ONLY, scopes: ["read:deployments", "read:queues"] }];
  return seed;
}

let emu: Emulator;
let ref: string;
let keys: Emulator["credentials"]["secretKeys"];
let pat: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: seedWithScopedKey() });
  ref = emu.credentials.projectRef;
  keys = emu.credentials.secretKeys;
  pat = emu.credentials.accessToken;
});
afterAll(async () => {
  await emu.close();
});

const textPlain = (res: { status: number; headers: Headers; text: string }) => ({
  status: res.status,
  contentType: res.headers.get("content-type"),
  text: res.text,
});

describe("emulator fidelity (issue 13)", () => {
  test("1. workers/{tag} is on the general limiter: services/deploymentApiPaths.server.ts anchors `(dev|staging|prod|preview)$`", async () => {
    const e = await startEmulator();
    try {
      const workers = await call(e, "GET", `/api/v1/projects/${ref}/prod/workers/current`, { token: pat });
      expect(workers.status).toBe(200);
      expect([workers.headers.get("x-ratelimit-limit"), workers.headers.get("x-ratelimit-remaining")]).toEqual(["750", "749"]);
      // The key lookup ends in the environment: the deployment limiter, its own bucket.
      const keyLookup = await call(e, "GET", `/api/v1/projects/${ref}/prod`, { token: pat });
      expect([keyLookup.headers.get("x-ratelimit-limit"), keyLookup.headers.get("x-ratelimit-remaining")]).toEqual(["1500", "1499"]);
      const again = await call(e, "GET", `/api/v1/projects/${ref}/prod/workers/current`, { token: pat });
      expect(again.headers.get("x-ratelimit-remaining")).toBe("748");
    } finally {
      await e.close();
    }
  });

  test("2. auth wording: rbac/src/bearerCredentials.ts, models/runtimeEnvironment.server.ts, rbac/src/fallback.ts", async () => {
    // bearerCredentials.ts: "Invalid or Missing API key" only for an empty token; a failed lookup is "Invalid API key".
    expect((await call(emu, "GET", "/api/v1/queues", { token: "" })).body).toEqual({ error: "Invalid or Missing API key" });
    for (const token of ["tr_prod_NoSuchKey0000000000000001", pat]) {
      const res = await call(emu, "GET", "/api/v1/queues", { token });
      expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: { error: "Invalid API key" } });
    }
    // findEnvironmentByApiKey returns null for a preview key without a (known) branch; the legacy schedule
    // routes then send their one 401, capital K.
    for (const headers of [{}, { "x-trigger-branch": "no-such-branch" }] as Record<string, string>[]) {
      const res = await call(emu, "GET", "/api/v1/schedules", { token: keys.preview, headers });
      expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: { error: "Invalid or Missing API Key" } });
    }
    // authenticateApiKeyWithScope → authenticateAuthorizeBearer (fallback.ts): a bare {"error":"Unauthorized"}.
    const promote = await call(emu, "POST", "/api/v1/deployments/20261120.1/promote", { token: SCOPED_READ_ONLY });
    expect({ status: promote.status, body: promote.body }).toEqual({ status: 403, body: { error: "Unauthorized" } });
    // The apiBuilder's own scope refusal keeps its code/param/type (services/routeBuilders/apiBuilder.server.ts).
    const pause = await call(emu, "POST", "/api/v1/queues/send-email/pause", { token: SCOPED_READ_ONLY, body: { type: "task", action: "pause" } });
    expect(pause.status).toBe(403);
    expect(pause.body).toMatchObject({ code: "unauthorized", param: "access_token", type: "authorization" });
  });

  test("3. limiter bodies are JSON.stringify(…, null, 2) and secondsUntilReset is not rounded: authorizationRateLimitMiddleware.server.ts", async () => {
    const missing = await call(emu, "GET", "/api/v1/queues");
    expect(missing.status).toBe(401);
    expect(missing.text).toBe(JSON.stringify(missing.body, null, 2));
    expect(missing.text).toContain('\n  "title": "Unauthorized",');

    const e = await startEmulator({ faults: [{ kind: "429", probability: 1, resetMs: 1234 }] });
    try {
      const limited = await call(e, "GET", "/api/v1/queues", { token: e.credentials.secretKeys.prod });
      expect(limited.status).toBe(429);
      expect(limited.text).toBe(JSON.stringify(limited.body, null, 2));
      expect(limited.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
      expect(limited.body.secondsUntilReset).toBe(1.234);
      expect(limited.body.detail).toBe("Rate limit exceeded 0/750 requests remaining. Retry in 1.234 seconds.");
    } finally {
      await e.close();
    }
  });

  test("4. bodies that are not JSON: unguarded request.json() is Remix's 500 (envvars import, api.v1.schedules*.ts); envvars PUT's try/catch", async () => {
    const notJson = { rawBody: "{not json", headers: { "content-type": "application/json" } };
    const lastResort = { status: 500, contentType: "text/plain", text: "Unexpected Server Error" };
    const envvars = `/api/v1/projects/${ref}/envvars/prod`;
    // api.v1.projects.$projectRef.envvars.$slug.import.ts: parseImportBody awaits request.json() unguarded.
    expect(textPlain(await call(emu, "POST", `${envvars}/import`, { token: keys.prod, ...notJson }))).toEqual(lastResort);
    // api.v1.schedules.ts (POST) and api.v1.schedules.$scheduleId.ts (PUT).
    expect(textPlain(await call(emu, "POST", "/api/v1/schedules", { token: keys.prod, ...notJson }))).toEqual(lastResort);
    expect(textPlain(await call(emu, "POST", "/api/v1/schedules", { token: keys.prod }))).toEqual(lastResort);
    const [schedule] = (await call(emu, "GET", "/api/v1/schedules", { token: keys.prod })).body.data;
    expect(textPlain(await call(emu, "PUT", `/api/v1/schedules/${schedule.id}`, { token: keys.prod, ...notJson }))).toEqual(lastResort);
    // api.v1.projects.$projectRef.envvars.$slug.$name.ts: the variable is looked up first, then request.json()
    // throws inside the route's try/catch.
    const put = await call(emu, "PUT", `${envvars}/LOG_LEVEL`, { token: keys.prod, ...notJson });
    expect({ status: put.status, body: put.body }).toEqual({ status: 500, body: { error: "Internal Server Error" } });
    const missing = await call(emu, "PUT", `${envvars}/NO_SUCH_VAR`, { token: keys.prod, ...notJson });
    expect({ status: missing.status, body: missing.body }).toEqual({ status: 404, body: { error: "Environment variable not found" } });
    expect(emu.admin.snapshot().projects[0]!.environments.prod!.envVars!.LOG_LEVEL).toEqual({ value: "warn", secret: false });
  });

  test("5. schedule window is normalised on output: v3/scheduleWindow.server.ts formatScheduleWindow", async () => {
    const created: Record<string, string> = {};
    for (const window of ["60m", "90m", "120m", "2h", "25%"]) {
      const res = await call(emu, "POST", "/api/v1/schedules", {
        token: keys.prod,
        body: { task: "nightly-cleanup", cron: "0 4 * * *", deduplicationKey: `fidelity-window-${window}`, window },
      });
      expect(res.status).toBe(200);
      created[window] = res.body.window;
    }
    expect(created).toEqual({ "60m": "1h", "90m": "90m", "120m": "2h", "2h": "2h", "25%": "25%" });
    const listed = (await call(emu, "GET", "/api/v1/schedules?perPage=100", { token: keys.prod })).body.data;
    expect(listed.find((s: { deduplicationKey?: string }) => s.deduplicationKey === "fidelity-window-60m").window).toBe("1h");
  });

  test("6. wrong method: Remix answers for a missing loader/action (@remix-run/router getInternalRouterError)", async () => {
    // Finding: api.v1.schedules.$scheduleId.activate.ts and api.v1.deployments.$deploymentVersion.promote.ts export
    // only an `action`, so a GET never reaches their `{ status: 405 }` object: Remix's router throws a 400
    // ErrorResponse ("…did not provide a `loader`…") and @remix-run/server-runtime sends it as JSON with the
    // message sanitised in production and `X-Remix-Error: yes`. api.v1.queues.ts exports only a `loader`, so a
    // POST gets the router's 405 the same way.
    const [schedule] = (await call(emu, "GET", "/api/v1/schedules", { token: keys.prod })).body.data;
    const noLoader = { status: 400, remixError: "yes", body: { message: "Unexpected Server Error" } };
    const answer = (res: Awaited<ReturnType<typeof call>>) => ({ status: res.status, remixError: res.headers.get("x-remix-error"), body: res.body });
    expect(answer(await call(emu, "GET", `/api/v1/schedules/${schedule.id}/activate`, { token: keys.prod }))).toEqual(noLoader);
    expect(answer(await call(emu, "GET", "/api/v1/deployments/20261120.1/promote", { token: keys.prod }))).toEqual(noLoader);
    expect(answer(await call(emu, "POST", "/api/v1/queues", { token: keys.prod }))).toEqual({ ...noLoader, status: 405 });
    // A method that does reach the legacy action gets its plain object, which Remix sends with status 200.
    const put = await call(emu, "PUT", `/api/v1/schedules/${schedule.id}/activate`, { token: keys.prod });
    expect({ status: put.status, body: put.body }).toEqual({ status: 200, body: { status: 405, body: "Method Not Allowed" } });
    // createActionApiRoute's own loader (apiBuilder.server.ts) answers GET with a bare 405.
    const builderLoader = await call(emu, "GET", "/api/v1/queues/send-email/pause", { token: keys.prod });
    expect({ status: builderLoader.status, text: builderLoader.text }).toEqual({ status: 405, text: "" });
    expect(emu.admin.snapshot().projects[0]!.environments.prod!.current).toBe("20261101.1");
  });

  test("7. environments: isBranchableEnvironment is true for DEVELOPMENT too (utils/branchableEnvironment.ts)", async () => {
    const res = await call(emu, "GET", `/api/v1/projects/${ref}/environments`, { token: pat });
    expect(res.status).toBe(200);
    const flags = Object.fromEntries(res.body.map((e: { slug: string; isBranchableEnvironment: boolean }) => [e.slug, e.isBranchableEnvironment]));
    expect(flags).toEqual({ dev: true, stg: false, prod: false, preview: true });
  });

  test("8. workers/{tag}: tasks ordered by slug with their stored queueConfig (api.v1.projects.$projectRef.$env.workers.$tagName.ts)", async () => {
    const res = await call(emu, "GET", `/api/v1/projects/${ref}/prod/workers/20261101.1`, { token: pat });
    expect(res.status).toBe(200);
    const tasks = res.body.worker.tasks.map((t: { slug: string; queueConfig: unknown }) => [t.slug, t.queueConfig]);
    // The seed declares send-email, process-payment, nightly-cleanup, daily-report in that order.
    expect(tasks).toEqual([
      ["daily-report", null],
      ["nightly-cleanup", null],
      ["process-payment", { concurrencyLimit: 5 }],
      ["send-email", { concurrencyLimit: 10 }],
    ]);
    // An explicit null limit is stored as declared.
    const v2 = await call(emu, "GET", `/api/v1/projects/${ref}/prod/workers/20261120.1`, { token: pat });
    expect(v2.body.worker.tasks.find((t: { slug: string }) => t.slug === "sync-crm").queueConfig).toEqual({ concurrencyLimit: null });
  });

  test("9. queue concurrency keys in QueueRetrievePresenter.server.ts toQueueItem order: overriddenBy before overriddenAt", async () => {
    const res = await call(emu, "GET", "/api/v1/queues/send-email?type=task", { token: keys.prod });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.concurrency)).toEqual(["current", "base", "override", "overriddenBy", "overriddenAt"]);
    expect(res.text).toContain('"overriddenBy":null,"overriddenAt":null');
  });

  test("10. dev environments[].userName is the owner's name (utils/username.ts getUsername), from the seed", async () => {
    const body = { task: "nightly-cleanup", cron: "0 5 * * *", deduplicationKey: "fidelity-owner" };
    const created = await call(emu, "POST", "/api/v1/schedules", { token: keys.dev, body });
    expect(created.body.environments).toEqual([expect.objectContaining({ type: "DEVELOPMENT", userName: "Ada Lovelace" })]);
    const listed = (await call(emu, "GET", "/api/v1/schedules", { token: keys.dev })).body.data;
    expect(listed.find((s: { id: string }) => s.id === created.body.id).environments[0].userName).toBe("Ada Lovelace");

    const seed = structuredClone(DEFAULT_SEED) as EmulatorSeed;
    seed.projects[0]!.environments.dev!.ownerName = "Grace Hopper";
    const named = await startEmulator({ seed });
    delete seed.projects[0]!.environments.dev!.ownerName;
    const anonymous = await startEmulator({ seed });
    try {
      const other = await call(named, "POST", "/api/v1/schedules", { token: named.credentials.secretKeys.dev, body });
      expect(other.body.environments[0].userName).toBe("Grace Hopper");
      expect(named.admin.snapshot().projects[0]!.environments.dev!.ownerName).toBe("Grace Hopper");
      const none = await call(anonymous, "POST", "/api/v1/schedules", { token: anonymous.credentials.secretKeys.dev, body });
      expect(none.body.environments[0]).not.toHaveProperty("userName");
    } finally {
      await named.close();
      await anonymous.close();
    }
  });
});
