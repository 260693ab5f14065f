import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed } from "../src/testing.js";
import { call } from "./helpers/emulator-http.js";

// One test per item of shared/reference/api-behaviour.md §0 (items 1-12; item 13 is about the SDK).
let emu: Emulator;
let ref: string;
let keys: Emulator["credentials"]["secretKeys"];
let pat: string;

beforeAll(async () => {
  emu = await startEmulator();
  ref = emu.credentials.projectRef;
  keys = emu.credentials.secretKeys;
  pat = emu.credentials.accessToken;
});
afterAll(async () => {
  await emu.close();
});

const envvars = (slug: string, rest = "") => `/api/v1/projects/${ref}/envvars/${slug}${rest}`;
// snapshot() always writes env vars in their object form.
const varsOf = (env: "dev" | "staging" | "prod" | "preview") =>
  (emu.admin.snapshot().projects[0]!.environments[env]!.envVars ?? {}) as Record<string, { value: string; secret?: boolean }>;

describe("api-behaviour.md §0", () => {
  test("1. a secret key for prod writing to /envvars/stg silently acts on prod (400 with a branch header or in strict mode)", async () => {
    const res = await call(emu, "POST", envvars("stg"), { token: keys.prod, body: { name: "QUIRK1_VAR", value: "landed" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(varsOf("prod").QUIRK1_VAR).toEqual({ value: "landed", secret: false });
    expect(varsOf("staging").QUIRK1_VAR).toBeUndefined();

    const slugError = "Invalid environment slug for this API key. Make sure you are using an API key associated with that environment.";
    const withBranch = await call(emu, "GET", envvars("stg"), { token: keys.prod, headers: { "x-trigger-branch": "feature-x" } });
    expect(withBranch.status).toBe(400);
    expect(withBranch.body).toEqual({ error: slugError });

    const wrongProject = await call(emu, "GET", `/api/v1/projects/proj_otherxxxxxxxxxxxxxxx/envvars/prod`, { token: keys.prod });
    expect(wrongProject.status).toBe(400);
    expect(wrongProject.body.error).toBe("Invalid project ref for this API key. Make sure you are using an API key associated with that project.");

    const strict = await startEmulator({ envSlugMode: "strict" });
    try {
      const refused = await call(strict, "POST", `/api/v1/projects/${strict.credentials.projectRef}/envvars/stg`, {
        token: strict.credentials.secretKeys.prod,
        body: { name: "QUIRK1_VAR", value: "x" },
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ error: slugError });
      const staging = await call(strict, "GET", `/api/v1/projects/${strict.credentials.projectRef}/envvars/staging`, { token: strict.credentials.secretKeys.staging });
      expect(staging.status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  test("2. POST create is an upsert (no 409); only import honours override, all or nothing", async () => {
    expect((await call(emu, "POST", envvars("prod"), { token: keys.prod, body: { name: "QUIRK2", value: "one" } })).status).toBe(200);
    const again = await call(emu, "POST", envvars("prod"), { token: keys.prod, body: { name: "QUIRK2", value: "two" } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ success: true });
    expect((await call(emu, "GET", envvars("prod", "/QUIRK2"), { token: keys.prod })).body).toEqual({ name: "QUIRK2", value: "two", isSecret: false });

    const refused = await call(emu, "POST", envvars("prod", "/import"), { token: keys.prod, body: { variables: { QUIRK2: "three", QUIRK2_NEW: "new" } } });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: "Some of the variables are already set for these environments. Set override to true to override them.",
      variableErrors: [{ key: "QUIRK2", error: "Variable already set in Production." }],
    });
    expect(varsOf("prod").QUIRK2_NEW).toBeUndefined();
    expect(varsOf("prod").QUIRK2?.value).toBe("two");

    const overridden = await call(emu, "POST", envvars("prod", "/import"), {
      token: keys.prod,
      body: { variables: { QUIRK2: "three", QUIRK2_NEW: "new" }, override: true, isSecret: true },
    });
    expect(overridden.status).toBe(200);
    expect(varsOf("prod").QUIRK2).toEqual({ value: "three", secret: true });
    expect(varsOf("prod").QUIRK2_NEW).toEqual({ value: "new", secret: true });

    // JSON of the wrong shape (malformed JSON is Remix's 500: emulator-fidelity.test.ts, item 4).
    const badBody = await call(emu, "POST", envvars("prod", "/import"), { token: keys.prod, body: { variables: "not-a-record" } });
    expect(badBody.status).toBe(400);
    expect(badBody.body).toEqual({ error: "Invalid body" });
  });

  test("3. PUT creates where the name exists elsewhere, 404s where it exists nowhere, ignores blank values; DELETE of an elsewhere-only name is 400", async () => {
    emu.admin.setEnvVar("staging", "QUIRK3_ELSEWHERE", "staging-value", { secret: true });
    const created = await call(emu, "PUT", envvars("prod", "/QUIRK3_ELSEWHERE"), { token: keys.prod, body: { value: "prod-value" } });
    expect(created.status).toBe(200);
    expect(varsOf("prod").QUIRK3_ELSEWHERE).toEqual({ value: "prod-value", secret: false });

    const nowhere = await call(emu, "PUT", envvars("prod", "/QUIRK3_NOWHERE"), { token: keys.prod, body: { value: "x" } });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body).toEqual({ error: "Environment variable not found" });

    const blank = await call(emu, "PUT", envvars("prod", "/QUIRK3_ELSEWHERE"), { token: keys.prod, body: { value: "   " } });
    expect(blank.status).toBe(200);
    expect(blank.body).toEqual({ success: true });
    expect(varsOf("prod").QUIRK3_ELSEWHERE?.value).toBe("prod-value");

    emu.admin.setEnvVar("staging", "QUIRK3_ONLY_STAGING", "s");
    const del = await call(emu, "DELETE", envvars("prod", "/QUIRK3_ONLY_STAGING"), { token: keys.prod });
    expect(del.status).toBe(400);
    expect(del.body).toEqual({ error: "Environment variable value not found" });
    const delNowhere = await call(emu, "DELETE", envvars("prod", "/QUIRK3_NOWHERE"), { token: keys.prod });
    expect(delNowhere.status).toBe(404);
    expect(delNowhere.body).toEqual({ error: "Environment variable not found" });
  });

  test("4. names are not validated; blacklisted names and blank values are dropped, 400 only when nothing is left", async () => {
    const odd = await call(emu, "POST", envvars("prod"), { token: keys.prod, body: { name: "my-odd.name", value: "ok" } });
    expect(odd.status).toBe(200);
    expect(varsOf("prod")["my-odd.name"]?.value).toBe("ok");

    const mixed = await call(emu, "POST", envvars("prod", "/import"), {
      token: keys.prod,
      body: { variables: { TRIGGER_SECRET_KEY: "tr_prod_x", QUIRK4_BLANK: "  ", QUIRK4_KEPT: "v" } },
    });
    expect(mixed.status).toBe(200);
    expect(varsOf("prod").QUIRK4_KEPT?.value).toBe("v");
    expect(varsOf("prod").QUIRK4_BLANK).toBeUndefined();
    expect(varsOf("prod").TRIGGER_SECRET_KEY).toBeUndefined();

    const onlyBlacklisted = await call(emu, "POST", envvars("prod"), { token: keys.prod, body: { name: "TRIGGER_API_URL", value: "http://x" } });
    expect(onlyBlacklisted.status).toBe(400);
    expect(onlyBlacklisted.body).toEqual({ error: "You must set at least one valid variable. All the variables submitted are not allowed." });
    const onlyBlank = await call(emu, "POST", envvars("prod"), { token: keys.prod, body: { name: "QUIRK4_EMPTY", value: "" } });
    expect(onlyBlank.status).toBe(400);
    expect(onlyBlank.body).toEqual({ error: "You must set at least one valid variable." });

    const list = await call(emu, "GET", envvars("prod"), { token: keys.prod });
    expect(list.body.map((v: { name: string }) => v.name)).not.toContain("TRIGGER_SECRET_KEY");
    expect(list.body.find((v: { name: string }) => v.name === "STRIPE_SECRET_KEY")).toEqual({ name: "STRIPE_SECRET_KEY", value: "<redacted>", isSecret: true });
  });

  test("5. a schedule dedup key is unique per project: re-POST updates in place, resets omitted fields, keeps task/active, moves the schedule, still checks the limit", async () => {
    const first = await call(emu, "POST", "/api/v1/schedules", {
      token: keys.prod,
      body: { task: "nightly-cleanup", cron: "0 1 * * *", deduplicationKey: "quirk5", timezone: "Europe/Paris", externalId: "ext-1" },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ task: "nightly-cleanup", timezone: "Europe/Paris", externalId: "ext-1", deduplicationKey: "quirk5" });
    await call(emu, "POST", `/api/v1/schedules/${first.body.id}/deactivate`, { token: keys.prod });

    const moved = await call(emu, "POST", "/api/v1/schedules", {
      token: keys.staging,
      body: { task: "sync-crm", cron: "0 2 * * *", deduplicationKey: "quirk5" },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.id).toBe(first.body.id);
    expect(moved.body.task).toBe("nightly-cleanup");
    expect(moved.body.active).toBe(false);
    expect(moved.body.timezone).toBe("UTC");
    expect(moved.body).not.toHaveProperty("externalId");
    expect(moved.body.generator.expression).toBe("0 2 * * *");
    expect(moved.body.environments.map((e: { type: string }) => e.type)).toEqual(["STAGING"]);
    expect((await call(emu, "GET", `/api/v1/schedules/${first.body.id}`, { token: keys.prod })).status).toBe(404);

    const seed: EmulatorSeed = {
      projects: [
        {
          ref: "proj_limitedxxxxxxxxxxxx",
          scheduleLimit: 1,
          environments: {
            prod: { apiKey: "tr_prod_limited0000000000000001", deployments: [{ version: "20261101.1", tasks: [{ id: "job", scheduled: true }] }], current: "20261101.1" },
          },
        },
      ],
    };
    const limited = await startEmulator({ seed });
    try {
      const key = limited.credentials.secretKeys.prod;
      expect((await call(limited, "POST", "/api/v1/schedules", { token: key, body: { task: "job", cron: "0 * * * *", deduplicationKey: "only" } })).status).toBe(200);
      const again = await call(limited, "POST", "/api/v1/schedules", { token: key, body: { task: "job", cron: "5 * * * *", deduplicationKey: "only" } });
      expect(again.status).toBe(422);
      expect(again.body).toEqual({ error: "You have created 1/1 schedules so you'll need to increase your limits or delete some schedules." });
    } finally {
      await limited.close();
    }
  });

  test("6. PUT on a missing schedule id creates a new schedule with a different id; {id} may be a dedup key", async () => {
    const put = await call(emu, "PUT", "/api/v1/schedules/sched_doesnotexist00000000", { token: keys.prod, body: { task: "nightly-cleanup", cron: "0 6 * * *" } });
    expect(put.status).toBe(200);
    expect(put.body.id).toMatch(/^sched_/);
    expect(put.body.id).not.toBe("sched_doesnotexist00000000");
    expect(put.body).not.toHaveProperty("deduplicationKey");

    const created = await call(emu, "POST", "/api/v1/schedules", { token: keys.prod, body: { task: "nightly-cleanup", cron: "0 7 * * *", deduplicationKey: "quirk6" } });
    const byKey = await call(emu, "PUT", "/api/v1/schedules/quirk6", { token: keys.prod, body: { task: "nightly-cleanup", cron: "30 7 * * *", timezone: "Asia/Tokyo" } });
    expect(byKey.status).toBe(200);
    expect(byKey.body.id).toBe(created.body.id);
    expect(byKey.body.timezone).toBe("Asia/Tokyo");
    expect((await call(emu, "GET", "/api/v1/schedules/quirk6", { token: keys.prod })).body.generator.expression).toBe("30 7 * * *");
  });

  test("7. declarative schedules refuse PUT and matching POST with 422, but DELETE/activate/deactivate work", async () => {
    const list = await call(emu, "GET", "/api/v1/schedules?perPage=100", { token: keys.staging });
    const declarative = list.body.data.find((s: { type: string; task: string }) => s.type === "DECLARATIVE" && s.task === "daily-report");
    expect(declarative).toBeDefined();
    const put = await call(emu, "PUT", `/api/v1/schedules/${declarative.id}`, { token: keys.staging, body: { task: "daily-report", cron: "0 10 * * *" } });
    expect(put.status).toBe(422);
    expect(put.body).toEqual({ error: "Cannot update a declarative schedule" });

    emu.admin.upsertSchedule("staging", { type: "DECLARATIVE", task: "daily-report", cron: "0 8 * * *", deduplicationKey: "quirk7-decl" });
    const post = await call(emu, "POST", "/api/v1/schedules", { token: keys.staging, body: { task: "daily-report", cron: "0 11 * * *", deduplicationKey: "quirk7-decl" } });
    expect(post.status).toBe(422);
    expect(post.body).toEqual({ error: "Cannot update a declarative schedule" });

    const off = await call(emu, "POST", `/api/v1/schedules/${declarative.id}/deactivate`, { token: keys.staging });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(off.body.nextRun).toBeNull();
    expect((await call(emu, "POST", `/api/v1/schedules/${declarative.id}/activate`, { token: keys.staging })).body.active).toBe(true);
    const del = await call(emu, "DELETE", `/api/v1/schedules/${declarative.id}`, { token: keys.staging });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ id: declarative.id });
  });

  test("8. @daily, 5 and '* *' crash with 500; extra spaces count as seconds; other cron and timezone errors are 422", async () => {
    for (const cron of ["@daily", "5", "* *"]) {
      const res = await call(emu, "POST", "/api/v1/schedules", { token: keys.prod, body: { task: "nightly-cleanup", cron, deduplicationKey: `quirk8-${cron}` } });
      expect(res.status, cron).toBe(500);
      expect(res.body).toEqual({ error: "Something went wrong, please try again." });
    }
    for (const cron of [" 0 * * * *", "0 * * * * ", "0  * * * *", "0 0 * * * *"]) {
      const res = await call(emu, "POST", "/api/v1/schedules", { token: keys.prod, body: { task: "nightly-cleanup", cron, deduplicationKey: "quirk8" } });
      expect(res.status, cron).toBe(422);
      expect(res.body).toEqual({ error: "Invalid cron expression: CRON expressions with seconds are not allowed" });
    }
    const range = await call(emu, "POST", "/api/v1/schedules", { token: keys.prod, body: { task: "nightly-cleanup", cron: "60 * * * *", deduplicationKey: "quirk8" } });
    expect(range.body).toEqual({ error: "Invalid cron expression: Constraint error, got value 60 expected range 0-59" });
    const tz = await call(emu, "POST", "/api/v1/schedules", { token: keys.prod, body: { task: "nightly-cleanup", cron: "0 * * * *", timezone: "US/Eastern", deduplicationKey: "quirk8" } });
    expect(tz.status).toBe(422);
    expect(tz.body).toEqual({ error: "Invalid IANA timezone: 'US/Eastern'. View the list of valid timezones at https://cloud.trigger.dev/timezones" });
    const missingTask = await call(emu, "POST", "/api/v1/schedules", { token: keys.prod, body: { task: "nope", cron: "0 * * * *", deduplicationKey: "quirk8" } });
    expect(missingTask.body).toEqual({ error: "Task with identifier nope not found in project." });
    const notScheduled = await call(emu, "POST", "/api/v1/schedules", { token: keys.prod, body: { task: "send-email", cron: "0 * * * *", deduplicationKey: "quirk8" } });
    expect(notScheduled.body).toEqual({ error: "Task with identifier send-email is not a scheduled task." });
    const noKey = await call(emu, "POST", "/api/v1/schedules", { token: keys.prod, body: { task: "nightly-cleanup", cron: "0 * * * *" } });
    expect(noKey.status).toBe(400);
    expect(noKey.body).toEqual({
      error: "Invalid request body",
      issues: [{ code: "invalid_type", expected: "string", received: "undefined", path: ["deduplicationKey"], message: "Required" }],
    });
  });

  test("9. listing schedules in an environment without a current worker is empty with totalPages 1", async () => {
    const stored = emu.admin.upsertSchedule("preview", { task: "nightly-cleanup", cron: "0 5 * * *", deduplicationKey: "quirk9" });
    // A preview key needs a known branch (§1.1); the default seed declares feature-x.
    const branch = { "x-trigger-branch": "feature-x" };
    const list = await call(emu, "GET", "/api/v1/schedules", { token: keys.preview, headers: branch });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [], pagination: { currentPage: 1, totalPages: 1, count: 0 } });
    const one = await call(emu, "GET", `/api/v1/schedules/${stored.id}`, { token: keys.preview, headers: branch });
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(stored.id);
  });

  test("10. queues: different 404 bodies, base null until overridden, reset without override is 400, overrides survive deploys, queues are never deleted", async () => {
    const q = "/api/v1/queues";
    const missing = await call(emu, "GET", `${q}/no-such-task?type=task`, { token: keys.staging });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: "queue-not-found" });
    expect((await call(emu, "POST", `${q}/no-such-task/pause`, { token: keys.staging, body: { type: "task", action: "pause" } })).body).toEqual({ error: "queue-not-found" });
    expect((await call(emu, "POST", `${q}/no-such-task/concurrency/override`, { token: keys.staging, body: { type: "task", concurrencyLimit: 1 } })).body).toEqual({ error: "Queue not found" });
    expect((await call(emu, "POST", `${q}/no-such-task/concurrency/reset`, { token: keys.staging, body: { type: "task" } })).body).toEqual({ error: "Queue not found" });

    const before = await call(emu, "GET", `${q}/send-email?type=task`, { token: keys.staging });
    expect(before.body.concurrency).toEqual({ current: 10, base: null, override: null, overriddenAt: null, overriddenBy: null });
    const notOverridden = await call(emu, "POST", `${q}/send-email/concurrency/reset`, { token: keys.staging, body: { type: "task" } });
    expect(notOverridden.status).toBe(400);
    expect(notOverridden.body).toEqual({ error: "Queue is not overridden" });

    const over = await call(emu, "POST", `${q}/send-email/concurrency/override`, { token: keys.staging, body: { type: "task", concurrencyLimit: 3 } });
    expect(over.status).toBe(200);
    expect(over.body.concurrency).toMatchObject({ current: 3, base: 10, override: 3, overriddenBy: null });
    expect(over.body).not.toHaveProperty("concurrencyLimitOverridePercent");

    emu.admin.addDeployment("staging", { version: "20261125.1", tasks: [{ id: "send-email", concurrencyLimit: 20 }, { id: "daily-report", scheduled: true, cron: "0 9 * * *" }] });
    const afterDeploy = await call(emu, "GET", `${q}/send-email?type=task`, { token: keys.staging });
    expect(afterDeploy.body.concurrencyLimit).toBe(3);
    expect(afterDeploy.body.concurrency).toMatchObject({ current: 3, base: 20, override: 3 });
    const reset = await call(emu, "POST", `${q}/send-email/concurrency/reset`, { token: keys.staging, body: { type: "task" } });
    expect(reset.body.concurrency).toEqual({ current: 20, base: null, override: null, overriddenAt: null, overriddenBy: null });

    const list = await call(emu, "GET", `${q}?perPage=100`, { token: keys.staging });
    const names = list.body.data.map((x: { name: string }) => x.name);
    expect(names).toContain("process-payment");
    expect(names).toEqual([...names].sort());
  });

  test("11. promoting is not idempotent, refuses older versions without allowRollbacks, and re-syncs declarative schedules", async () => {
    const schedules = await call(emu, "GET", "/api/v1/schedules?perPage=100", { token: keys.prod });
    const declarative = schedules.body.data.find((s: { type: string; task: string }) => s.type === "DECLARATIVE" && s.task === "daily-report");
    expect((await call(emu, "DELETE", `/api/v1/schedules/${declarative.id}`, { token: keys.prod })).status).toBe(200);

    const promoted = await call(emu, "POST", "/api/v1/deployments/20261120.1/promote", { token: keys.prod });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ version: "20261120.1" });
    expect(Object.keys(promoted.body).sort()).toEqual(["id", "shortCode", "version"]);
    const resynced = await call(emu, "GET", "/api/v1/schedules?perPage=100", { token: keys.prod });
    expect(resynced.body.data.some((s: { type: string; task: string }) => s.type === "DECLARATIVE" && s.task === "daily-report")).toBe(true);

    const again = await call(emu, "POST", "/api/v1/deployments/20261120.1/promote", { token: keys.prod });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: "Deployment is already the current deployment." });
    const older = await call(emu, "POST", "/api/v1/deployments/20261101.1/promote", { token: keys.prod });
    expect(older.status).toBe(400);
    expect(older.body).toEqual({ error: "Cannot promote a deployment that is older than the current deployment." });
    const rollback = await call(emu, "POST", "/api/v1/deployments/20261101.1/promote?allowRollbacks=true", { token: keys.prod });
    expect(rollback.status).toBe(200);
    const unknown = await call(emu, "POST", "/api/v1/deployments/20991231.9/promote", { token: keys.prod });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: "Deployment not found" });
  });

  test("12. GET /deployments/current: secret key, 404 with x-should-retry false when nothing is promoted, exempt from rate limits; workers/current for PATs", async () => {
    const current = await call(emu, "GET", "/api/v1/deployments/current", { token: keys.prod });
    const expected = emu.admin.snapshot().projects[0]!.environments.prod!.current;
    expect(current.status).toBe(200);
    expect(current.body.version).toBe(expected);
    expect(current.body.status).toBe("DEPLOYED");
    expect(current.headers.get("x-ratelimit-limit")).toBeNull();

    const none = await call(emu, "GET", "/api/v1/deployments/current", { token: keys.preview, headers: { "x-trigger-branch": "feature-x" } });
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ error: "Not found" });
    expect(none.headers.get("x-should-retry")).toBe("false");

    expect((await call(emu, "GET", "/api/v1/deployments/current", { token: pat })).status).toBe(401);
    const worker = await call(emu, "GET", `/api/v1/projects/${ref}/prod/workers/current`, { token: pat });
    expect(worker.status).toBe(200);
    expect(worker.body.worker.version).toBe(expected);
    const workerWithKey = await call(emu, "GET", `/api/v1/projects/${ref}/prod/workers/current`, { token: keys.prod });
    expect(workerWithKey.status).toBe(401);
    expect(workerWithKey.body).toEqual({ error: "Invalid or Missing Access Token" });
  });
});
