import { describe, expect, it } from "vitest";
import { coversDeclaredRows, expectSchema, KEYS, omit, UNKNOWN_KEY, useConformanceEmulator } from "./helpers/openapi-conformance.js";
import type { Obj } from "./helpers/openapi-conformance.js";

// OpenAPI conformance of the schedule and timezone endpoints; the deviations are listed in helpers/openapi-conformance.ts.

const oa = useConformanceEmulator();
const { call, conform, conformError, conformErrorRows, validate } = oa;
const { scheduleIn } = oa;

let counter = 0;
/** A dedup key unique to this file run. */
const key = (label: string) => `oa-${label}-${++counter}`;

async function createSchedule(overrides: Obj = {}, token = KEYS.prod): Promise<Obj> {
  const res = await call("POST", "/api/v1/schedules", {
    token,
    body: { task: "nightly-report", cron: "0 3 * * *", deduplicationKey: key("s"), ...overrides },
  });
  expect(res.status).toBe(200);
  return res.body as Obj;
}

const INVALID_KEY_SCHEDULES = "Invalid or Missing API Key"; // §3.2 step 1, capital "K"

describe("schedules", () => {
  const LIST = "/api/v1/schedules";
  const ONE = "/api/v1/schedules/{schedule_id}";
  const ACTIVATE = "/api/v1/schedules/{schedule_id}/activate";
  const DEACTIVATE = "/api/v1/schedules/{schedule_id}/deactivate";

  it("POST /api/v1/schedules → 200 ScheduleObject", async () => {
    const res = await call("POST", "/api/v1/schedules", {
      body: { task: "nightly-report", cron: "0 3 * * *", deduplicationKey: "oa-create", timezone: "Europe/Paris", externalId: "ext-1" },
    });
    expectSchema(conform("post", LIST, 200, res));
    const body = res.body as Obj;
    expect(body).toMatchObject({
      type: "IMPERATIVE",
      task: "nightly-report",
      active: true,
      deduplicationKey: "oa-create",
      externalId: "ext-1",
      timezone: "Europe/Paris",
      generator: { type: "CRON", expression: "0 3 * * *" },
    });
    expect(String(body.id)).toMatch(/^sched_/);
    expect(scheduleIn("prod", String(body.id))).toMatchObject({ cron: "0 3 * * *", timezone: "Europe/Paris", externalId: "ext-1" });
  });

  it("POST /api/v1/schedules → 200 ScheduleObject in dev (environment carries the user name)", async () => {
    const res = await call("POST", "/api/v1/schedules", { token: KEYS.dev, body: { task: "nightly-report", cron: "0 8 * * *", deduplicationKey: key("dev") } });
    expectSchema(conform("post", LIST, 200, res));
    const environments = (res.body as { environments: Obj[] }).environments;
    expect(environments).toHaveLength(1);
    expect(environments[0]).toMatchObject({ type: "DEVELOPMENT" });
  });

  it("POST /api/v1/schedules → 400 (zod body error, §3.2 step 2)", async () => {
    const res = await call("POST", "/api/v1/schedules", { body: { task: "nightly-report", cron: "0 3 * * *" } });
    conformError("post", LIST, 400, res, "Invalid request body");
    expect((res.body as { issues: { path: string[] }[] }).issues.some((i) => i.path.includes("deduplicationKey"))).toBe(true);
  });

  it("POST /api/v1/schedules → 422 (cron and task checks, §3.2 step 3)", async () => {
    const cron = await call("POST", "/api/v1/schedules", { body: { task: "nightly-report", cron: "61 * * * *", deduplicationKey: key("bad") } });
    conformError("post", LIST, 422, cron, /^Invalid cron expression: /);
    const task = await call("POST", "/api/v1/schedules", { body: { task: "send-email", cron: "0 * * * *", deduplicationKey: key("bad") } });
    conformError("post", LIST, 422, task, "Task with identifier send-email is not a scheduled task.");
  });

  it("GET /api/v1/schedules → 200 ListSchedulesResult (externalId null when unset: §3.1)", async () => {
    await createSchedule({ externalId: "listed-ext" });
    await createSchedule();
    const res = await call("GET", "/api/v1/schedules?perPage=100");
    const body = res.body as { data: Obj[]; pagination: Obj };
    expect(res.status).toBe(200);
    // Deviation (§3.1, "Per-endpoint shape differences"): the list sends `externalId: null` for a schedule without
    // one; the contract types it as a plain string. The contract must reject exactly that…
    const withoutExternal = body.data.filter((s) => s.externalId === null);
    expect(withoutExternal.length).toBeGreaterThan(0);
    expect(() => validate("get", LIST, 200, res.contentType, res.body)).toThrow(/externalId/);
    // …and everything else must conform.
    const adjusted = { ...body, data: body.data.map((s) => (s.externalId === null ? omit(s, "externalId") : s)) };
    expectSchema(validate("get", LIST, 200, res.contentType, adjusted));
    expect(body.pagination).toMatchObject({ currentPage: 1, totalPages: 1 });
    expect(body.data.some((s) => s.externalId === "listed-ext")).toBe(true);
  });

  it("GET /api/v1/schedules → 400 is a server status the contract omits (§3.3)", async () => {
    const res = await call("GET", "/api/v1/schedules?perPage=0");
    expect(res.status).toBe(400);
    expect((res.body as Obj).error).toBe("Invalid request parameters");
    expect(() => validate("get", LIST, 400, res.contentType, res.body)).toThrow(/not documented/);
  });

  it("GET /api/v1/schedules/{schedule_id} → 200 ScheduleObject (by id and by dedup key, §3.4)", async () => {
    const created = await createSchedule({ externalId: "ext-get", deduplicationKey: "oa-get-by-key" });
    const byId = await call("GET", `/api/v1/schedules/${String(created.id)}`);
    expectSchema(conform("get", ONE, 200, byId));
    expect(byId.body).toMatchObject({ id: created.id, externalId: "ext-get", active: true });
    const byKey = await call("GET", "/api/v1/schedules/oa-get-by-key");
    expectSchema(conform("get", ONE, 200, byKey));
    expect((byKey.body as Obj).id).toBe(created.id);
  });

  it("GET /api/v1/schedules/{schedule_id} → 404 (missing, and hidden in another environment)", async () => {
    conformError("get", ONE, 404, await call("GET", "/api/v1/schedules/sched_doesnotexist0000000"), "Schedule not found");
    const devOnly = await createSchedule({}, KEYS.dev);
    conformError("get", ONE, 404, await call("GET", `/api/v1/schedules/${String(devOnly.id)}`), "Schedule not found");
  });

  it("PUT /api/v1/schedules/{schedule_id} → 200 ScheduleObject", async () => {
    const created = await createSchedule({ timezone: "Europe/Paris", externalId: "before" });
    const res = await call("PUT", `/api/v1/schedules/${String(created.id)}`, {
      body: { task: "nightly-report", cron: "30 4 * * 1", timezone: "America/New_York", externalId: "after" },
    });
    expectSchema(conform("put", ONE, 200, res));
    expect(res.body).toMatchObject({ id: created.id, timezone: "America/New_York", externalId: "after", generator: { expression: "30 4 * * 1" } });
    expect(scheduleIn("prod", String(created.id))).toMatchObject({ cron: "30 4 * * 1", timezone: "America/New_York", externalId: "after" });
  });

  it("PUT /api/v1/schedules/{schedule_id} → 400", async () => {
    const created = await createSchedule();
    conformError("put", ONE, 400, await call("PUT", `/api/v1/schedules/${String(created.id)}`, { body: { task: "nightly-report" } }), "Invalid request body");
  });

  it("PUT /api/v1/schedules/{schedule_id} → 404 (schedule hidden in another environment, §3.4)", async () => {
    const devOnly = await createSchedule({}, KEYS.dev);
    const res = await call("PUT", `/api/v1/schedules/${String(devOnly.id)}`, { body: { task: "nightly-report", cron: "0 * * * *" } });
    conformError("put", ONE, 404, res, "Schedule not found");
  });

  it("PUT /api/v1/schedules/{schedule_id} → 422 (declarative schedule, §0.7)", async () => {
    const list = (await call("GET", "/api/v1/schedules?perPage=100")).body as { data: Obj[] };
    const declarative = list.data.find((s) => s.type === "DECLARATIVE" && s.task === "declared-cron");
    expect(declarative, "the promoted deployment's declarative schedule").toBeDefined();
    const res = await call("PUT", `/api/v1/schedules/${String(declarative?.id)}`, { body: { task: "declared-cron", cron: "0 6 * * *" } });
    conformError("put", ONE, 422, res, "Cannot update a declarative schedule");
  });

  it("DELETE /api/v1/schedules/{schedule_id} → 200 {id} (no body schema in the contract)", async () => {
    const created = await createSchedule();
    const res = await call("DELETE", `/api/v1/schedules/${String(created.id)}`);
    expect(conform("delete", ONE, 200, res).kind).toBe("no-body-schema");
    expect(res.body).toEqual({ id: created.id });
    expect(scheduleIn("prod", String(created.id))).toBeUndefined();
    expect((await call("GET", `/api/v1/schedules/${String(created.id)}`)).status).toBe(404);
  });

  it("POST /api/v1/schedules/{schedule_id}/deactivate → 200 ScheduleObject (nextRun null when inactive: §3.1)", async () => {
    const created = await createSchedule({ externalId: "deact" });
    const res = await call("POST", `/api/v1/schedules/${String(created.id)}/deactivate`);
    expect(res.status).toBe(200);
    const body = res.body as Obj;
    expect(body).toMatchObject({ id: created.id, active: false });
    // Deviation (§3.1 table): GET/activate/deactivate answer `nextRun: null` for an inactive schedule; the
    // contract types nextRun as a date-time string.
    expect(body.nextRun).toBeNull();
    expect(() => validate("post", DEACTIVATE, 200, res.contentType, body)).toThrow(/nextRun/);
    expectSchema(validate("post", DEACTIVATE, 200, res.contentType, omit(body, "nextRun")));
    expect(scheduleIn("prod", String(created.id))).toMatchObject({ active: false });
    // Same deviation on GET of an inactive schedule.
    const got = await call("GET", `/api/v1/schedules/${String(created.id)}`);
    expect((got.body as Obj).nextRun).toBeNull();
    expectSchema(validate("get", ONE, 200, got.contentType, omit(got.body as Obj, "nextRun")));
  });

  it("POST /api/v1/schedules/{schedule_id}/activate → 200 ScheduleObject", async () => {
    const created = await createSchedule({ externalId: "act" });
    await call("POST", `/api/v1/schedules/${String(created.id)}/deactivate`);
    const res = await call("POST", `/api/v1/schedules/${String(created.id)}/activate`);
    expectSchema(conform("post", ACTIVATE, 200, res));
    expect(res.body).toMatchObject({ id: created.id, active: true });
    expect(typeof (res.body as Obj).nextRun).toBe("string");
  });

  it("GET /api/v1/timezones → 200 GetTimezonesResult (no auth, §3.6)", async () => {
    const res = await call("GET", "/api/v1/timezones", { token: null });
    expectSchema(conform("get", "/api/v1/timezones", 200, res));
    const { timezones } = res.body as { timezones: string[] };
    expect(timezones[0]).toBe("UTC");
    expect(timezones).toContain("Europe/Paris");
    const excl = await call("GET", "/api/v1/timezones?excludeUtc=true", { token: null });
    expectSchema(conform("get", "/api/v1/timezones", 200, excl));
    expect((excl.body as { timezones: string[] }).timezones).not.toContain("UTC");
  });

  conformErrorRows(
    401,
    INVALID_KEY_SCHEDULES,
    [
      ["POST", LIST, "/api/v1/schedules", {}],
      ["GET", LIST, "/api/v1/schedules"],
      ["GET", ONE, "/api/v1/schedules/sched_x"],
      ["PUT", ONE, "/api/v1/schedules/sched_x", { task: "nightly-report", cron: "0 * * * *" }],
      ["DELETE", ONE, "/api/v1/schedules/sched_x"],
      ["POST", DEACTIVATE, "/api/v1/schedules/sched_x/deactivate"],
      ["POST", ACTIVATE, "/api/v1/schedules/sched_x/activate"],
    ],
    UNKNOWN_KEY,
  );

  conformErrorRows(404, "Schedule not found", [
    ["DELETE", ONE, "/api/v1/schedules/sched_doesnotexist0000000"],
    ["POST", DEACTIVATE, "/api/v1/schedules/sched_doesnotexist0000000/deactivate"],
    ["POST", ACTIVATE, "/api/v1/schedules/sched_doesnotexist0000000/activate"],
  ]);
});

coversDeclaredRows("schedules", oa);
