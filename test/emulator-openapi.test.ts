import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed, SeedSchedule } from "../src/testing.js";
import { loadOpenApiContract, normaliseNullable, OPENAPI_FIXTURE } from "./helpers/openapi.js";
import type { ResponseCheck } from "./helpers/openapi.js";

/**
 * Conformance: every answer the emulator gives on an endpoint that the published contract
 * (test/fixtures/trigger-openapi.yaml, a verbatim copy) describes validates against that operation's response
 * schema, for the successes and for the documented error statuses. One `it` per (endpoint, status).
 *
 * Where the real server deliberately differs from the contract, the server wins (shared/reference/api-behaviour.md)
 * and the row says so: it asserts the server's behaviour, proves the contract alone would reject it (so the
 * deviation stays visible if the contract is fixed), and validates everything else in the body. The deviations:
 * - schedule list items carry `externalId: null` when unset; the contract says string (§3.1 table);
 * - GET / activate / deactivate of an inactive schedule carry `nextRun: null`; the contract says date-time (§3.1);
 * - a request without Authorization gets the limiter's 401 as application/problem+json (§1.7);
 * - GET /api/v1/schedules and GET /api/v1/queues answer 400 to bad paging params, a status the contract omits
 *   (§3.3, §4.4);
 * - GET /api/v1/deployments/latest never answers 200 on current servers (§5.4);
 * - request side: import takes `variables` as a record, not an array (§2.3); the {env} slug is `stg` for
 *   staging, with `staging` aliased and `preview` allowed, not the contract's enum (§1.2).
 * Error statuses the contract documents without a body schema are checked against its ErrorResponse component
 * and the server's exact message (§1.4).
 */

const contract = loadOpenApiContract();

/** Every (METHOD template status) a test validated, for the completeness check at the end of the file. */
const covered = new Set<string>();

/** The contract's validateResponse, remembering what was exercised. */
function validate(method: string, template: string, status: number, contentType: string | null, body: unknown): ResponseCheck {
  covered.add(`${method.toUpperCase()} ${template} ${status}`);
  return contract.validateResponse(method, template, status, contentType, body);
}

const REF = "proj_conformanceopenapi1";
const PAT = "tr_pat_conformanceopenapi000000000000";
const KEYS = {
  dev: "tr_dev_ConfDevKey00000000000001",
  staging: "tr_stg_ConfStgKey00000000000001",
  prod: "tr_prod_ConfProdKey0000000000001",
};
/** A well-formed secret key that no environment owns. */
const UNKNOWN_KEY = "tr_prod_UnknownKey00000000000009";

const V1 = "20260101.1";
const V2 = "20260102.1";
const V_FAILED = "20260103.1";

const tasks = [
  { id: "nightly-report", scheduled: true },
  { id: "declared-cron", scheduled: true, cron: "0 5 * * *" },
  { id: "send-email", concurrencyLimit: 10 },
  { id: "resize-image", concurrencyLimit: null },
];

const seed: EmulatorSeed = {
  personalAccessTokens: [{ token: PAT }],
  projects: [
    {
      ref: REF,
      name: "Conformance",
      environments: {
        dev: {
          apiKey: KEYS.dev,
          deployments: [{ version: V1, tasks, queues: [{ name: "shared-queue", concurrencyLimit: 5 }] }],
          envVars: { DEV_ONLY: "dev-value" },
          runs: [
            { id: "run_conformance00000000001", task: "send-email", status: "COMPLETED", version: V1, tags: ["order_1"] },
            { id: "run_conformance00000000002", task: "resize-image", status: "FAILED", version: V1 },
          ],
        },
        staging: {
          apiKey: KEYS.staging,
          envVars: { STAGING_ONLY: "stg-value" },
        },
        prod: {
          apiKey: KEYS.prod,
          maximumConcurrencyLimit: 25,
          deployments: [
            { version: V1, tasks, queues: [{ name: "shared-queue", concurrencyLimit: 5 }] },
            { version: V2, tasks, queues: [{ name: "shared-queue", concurrencyLimit: 5 }] },
            { version: V_FAILED, status: "FAILED", tasks },
          ],
          current: V1,
          envVars: { DATABASE_URL: "postgres://db", STRIPE_KEY: { value: "sk_live_x", secret: true } },
        },
      },
    },
  ],
};

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed, rateLimit: false });
});

afterAll(async () => {
  await emulator?.close();
});

interface Answer {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: unknown;
}

/** One real HTTP request to the emulator. */
async function call(
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? KEYS.prod : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${emulator.url}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    // not JSON: keep the text, the schema check will say so
  }
  return { status: res.status, contentType: res.headers.get("content-type"), headers: res.headers, body: parsed };
}

/** Status first (for a readable failure), then the contract. */
function conform(method: string, template: string, expected: number, answer: Answer): ResponseCheck {
  expect(answer.status, `${method} ${template}: ${JSON.stringify(answer.body)}`).toBe(expected);
  return validate(method, template, answer.status, answer.contentType, answer.body);
}

/** For a status the contract documents without a body schema: the server's common error body (§1.4). */
function conformError(method: string, template: string, expected: number, answer: Answer, message: string | RegExp): void {
  const check = conform(method, template, expected, answer);
  expect(check.kind).toBe("no-body-schema");
  contract.validateComponent("ErrorResponse", answer.body);
  const error = (answer.body as { error: string }).error;
  if (typeof message === "string") expect(error).toBe(message);
  else expect(error).toMatch(message);
}

/** Asserts a schema was really applied (not a status the contract leaves without a body). */
function expectSchema(check: ResponseCheck): void {
  expect(check.kind).toBe("schema");
}

type Obj = Record<string, unknown>;

describe("contract helper", () => {
  const tiny = `
openapi: 3.1.0
info: { title: tiny, version: "1" }
paths:
  /things/{id}:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Thing" }
        "204":
          description: no body
        default:
          description: any error
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Problem" }
components:
  schemas:
    Thing:
      type: object
      required: [id, size]
      discriminator: { propertyName: kind }
      externalDocs: { url: "https://example.com" }
      properties:
        id: { type: string, example: t_1 }
        size: { type: integer, nullable: true }
        at: { type: string, format: date-time }
        kind: { type: string, enum: [a, b], nullable: true }
    Problem:
      type: object
      required: [error]
      properties: { error: { type: string } }
`;
  let dir: string;
  let tinyContract: ReturnType<typeof loadOpenApiContract>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "openapi-helper-"));
    writeFileSync(join(dir, "tiny.yaml"), tiny);
    tinyContract = loadOpenApiContract(join(dir, "tiny.yaml"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("applies the status's schema, with nullable rewritten and OpenAPI annotations tolerated", () => {
    const ok = tinyContract.validateResponse("GET", "/things/{id}", 200, "application/json; charset=utf-8", { id: "t", size: null, kind: null });
    expect(ok).toMatchObject({ kind: "schema", responseKey: "200", mediaType: "application/json" });
    expect(() => tinyContract.validateResponse("get", "/things/{id}", 200, "application/json", { id: "t", size: 1.5, at: "yesterday" })).toThrow(
      /GET \/things\/\{id\} → 200 body does not match the contract:[\s\S]*\/size must be integer[\s\S]*\/at must match format "date-time"/,
    );
    expect(() => tinyContract.validateResponse("get", "/things/{id}", 200, "application/json", { id: "t" })).toThrow(/must have required property 'size'/);
  });

  it("falls back to default, and says when a status has no body schema", () => {
    expect(tinyContract.validateResponse("get", "/things/{id}", 503, "application/json", { error: "down" })).toMatchObject({ kind: "schema", responseKey: "default" });
    expect(() => tinyContract.validateResponse("get", "/things/{id}", 503, "application/json", { message: "down" })).toThrow(/required property 'error'/);
    expect(tinyContract.validateResponse("get", "/things/{id}", 204, null, undefined)).toEqual({ kind: "no-body-schema", responseKey: "204" });
  });

  it("refuses unknown paths, methods, statuses and media types", () => {
    expect(() => tinyContract.validateResponse("get", "/nope", 200, "application/json", {})).toThrow(/no path \/nope/);
    expect(() => tinyContract.validateResponse("delete", "/things/{id}", 200, "application/json", {})).toThrow(/no DELETE operation/);
    expect(() => tinyContract.validateResponse("get", "/things/{id}", 200, "text/html", {})).toThrow(/content-type "text\/html"/);
    expect(() => contract.validateResponse("get", "/api/v1/timezones", 418, "application/json", {})).toThrow(/418 is not documented \(documented: 200\)/);
  });

  it("rewrites nullable the way OpenAPI 3.1 spells it", () => {
    expect(normaliseNullable({ type: "string", nullable: true })).toEqual({ type: ["string", "null"] });
    expect(normaliseNullable({ type: "string", enum: ["a"], nullable: true })).toEqual({ type: ["string", "null"], enum: ["a", null] });
    expect(normaliseNullable({ $ref: "#/x", nullable: true })).toEqual({ anyOf: [{ $ref: "#/x" }, { type: "null" }] });
    expect(normaliseNullable({ type: "integer", nullable: false })).toEqual({ type: "integer" });
  });

  it("the repository's copy of the contract is the published file, verbatim (when the reference copy is present)", () => {
    const reference = new URL("../../shared/reference/trigger-openapi.yaml", import.meta.url);
    const fixture = readFileSync(OPENAPI_FIXTURE, "utf8");
    expect(fixture).toMatch(/^---\nopenapi: 3\.1\.0\n/);
    if (existsSync(reference)) expect(fixture).toBe(readFileSync(reference, "utf8"));
  });
});


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

  it("POST /api/v1/schedules → 401", async () => {
    conformError("post", LIST, 401, await call("POST", "/api/v1/schedules", { token: UNKNOWN_KEY, body: {} }), INVALID_KEY_SCHEDULES);
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

  it("GET /api/v1/schedules → 401", async () => {
    conformError("get", LIST, 401, await call("GET", "/api/v1/schedules", { token: UNKNOWN_KEY }), INVALID_KEY_SCHEDULES);
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

  it("GET /api/v1/schedules/{schedule_id} → 401", async () => {
    conformError("get", ONE, 401, await call("GET", "/api/v1/schedules/sched_x", { token: UNKNOWN_KEY }), INVALID_KEY_SCHEDULES);
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

  it("PUT /api/v1/schedules/{schedule_id} → 401", async () => {
    const res = await call("PUT", "/api/v1/schedules/sched_x", { token: UNKNOWN_KEY, body: { task: "nightly-report", cron: "0 * * * *" } });
    conformError("put", ONE, 401, res, INVALID_KEY_SCHEDULES);
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

  it("DELETE /api/v1/schedules/{schedule_id} → 401", async () => {
    conformError("delete", ONE, 401, await call("DELETE", "/api/v1/schedules/sched_x", { token: UNKNOWN_KEY }), INVALID_KEY_SCHEDULES);
  });

  it("DELETE /api/v1/schedules/{schedule_id} → 404", async () => {
    conformError("delete", ONE, 404, await call("DELETE", "/api/v1/schedules/sched_doesnotexist0000000"), "Schedule not found");
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

  it("POST /api/v1/schedules/{schedule_id}/deactivate → 401", async () => {
    conformError("post", DEACTIVATE, 401, await call("POST", "/api/v1/schedules/sched_x/deactivate", { token: UNKNOWN_KEY }), INVALID_KEY_SCHEDULES);
  });

  it("POST /api/v1/schedules/{schedule_id}/deactivate → 404", async () => {
    conformError("post", DEACTIVATE, 404, await call("POST", "/api/v1/schedules/sched_doesnotexist0000000/deactivate"), "Schedule not found");
  });

  it("POST /api/v1/schedules/{schedule_id}/activate → 200 ScheduleObject", async () => {
    const created = await createSchedule({ externalId: "act" });
    await call("POST", `/api/v1/schedules/${String(created.id)}/deactivate`);
    const res = await call("POST", `/api/v1/schedules/${String(created.id)}/activate`);
    expectSchema(conform("post", ACTIVATE, 200, res));
    expect(res.body).toMatchObject({ id: created.id, active: true });
    expect(typeof (res.body as Obj).nextRun).toBe("string");
  });

  it("POST /api/v1/schedules/{schedule_id}/activate → 401", async () => {
    conformError("post", ACTIVATE, 401, await call("POST", "/api/v1/schedules/sched_x/activate", { token: UNKNOWN_KEY }), INVALID_KEY_SCHEDULES);
  });

  it("POST /api/v1/schedules/{schedule_id}/activate → 404", async () => {
    conformError("post", ACTIVATE, 404, await call("POST", "/api/v1/schedules/sched_doesnotexist0000000/activate"), "Schedule not found");
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
});

function omit(obj: Obj, field: string): Obj {
  const copy = { ...obj };
  delete copy[field];
  return copy;
}

describe("envvars", () => {
  const LIST = "/api/v1/projects/{projectRef}/envvars/{env}";
  const IMPORT = "/api/v1/projects/{projectRef}/envvars/{env}/import";
  const ONE = "/api/v1/projects/{projectRef}/envvars/{env}/{name}";
  const base = `/api/v1/projects/${REF}/envvars/prod`;
  const WRONG_REF = "Invalid project ref for this API key. Make sure you are using an API key associated with that project.";

  it("GET …/envvars/{env} → 200 ListEnvironmentVariablesResponse (secrets redacted, §2.1)", async () => {
    const res = await call("GET", base);
    expectSchema(conform("get", LIST, 200, res));
    const vars = res.body as Obj[];
    expect(vars).toContainEqual({ name: "DATABASE_URL", value: "postgres://db", isSecret: false });
    expect(vars).toContainEqual({ name: "STRIPE_KEY", value: "<redacted>", isSecret: true });
  });

  it("GET …/envvars/{env} → 200 with a PAT, for the slug `stg` and its alias `staging` (§1.2)", async () => {
    // Deviation (request side): the contract's {env} enum is [dev, staging, prod]; the server's slug is an
    // unconstrained string whose database value for staging is `stg` (`staging` is aliased), plus `preview`.
    for (const slug of ["stg", "staging"]) {
      const res = await call("GET", `/api/v1/projects/${REF}/envvars/${slug}`, { token: PAT });
      expectSchema(conform("get", LIST, 200, res));
      expect(res.body).toEqual([{ name: "STAGING_ONLY", value: "stg-value", isSecret: false }]);
    }
  });

  it("GET …/envvars/{env} → 400 (key of another project, §1.3)", async () => {
    const res = await call("GET", "/api/v1/projects/proj_someoneelse000000000/envvars/prod");
    expectSchema(conform("get", LIST, 400, res));
    expect((res.body as Obj).error).toBe(WRONG_REF);
  });

  it("GET …/envvars/{env} → 400 (another environment's slug with an x-trigger-branch header, or in strict mode, §1.3)", async () => {
    const SLUG = "Invalid environment slug for this API key. Make sure you are using an API key associated with that environment.";
    // Without the header the key silently acts on its own environment (§0.1)…
    const silent = await call("GET", `/api/v1/projects/${REF}/envvars/stg`);
    expectSchema(conform("get", LIST, 200, silent));
    expect((silent.body as Obj[]).map((v) => v.name)).toContain("DATABASE_URL");
    // …with one, the slug check fires.
    const branched = await call("GET", `/api/v1/projects/${REF}/envvars/stg`, { headers: { "x-trigger-branch": "feature-x" } });
    expectSchema(conform("get", LIST, 400, branched));
    expect((branched.body as Obj).error).toBe(SLUG);
    const strict = await startEmulator({ seed, rateLimit: false, envSlugMode: "strict" });
    try {
      const res = await fetch(`${strict.url}/api/v1/projects/${REF}/envvars/stg`, { headers: { authorization: `Bearer ${KEYS.prod}` } });
      const body = (await res.json()) as unknown;
      expectSchema(validate("get", LIST, res.status, res.headers.get("content-type"), body));
      expect(res.status).toBe(400);
      expect((body as Obj).error).toBe(SLUG);
    } finally {
      await strict.close();
    }
  });

  it("GET …/envvars/{env} → 401", async () => {
    const res = await call("GET", base, { token: UNKNOWN_KEY });
    expectSchema(conform("get", LIST, 401, res));
    expect((res.body as Obj).error).toBe("Invalid API key");
  });

  it("GET …/envvars/{env} → 401 without an Authorization header is problem+json (§1.7)", async () => {
    const res = await call("GET", base, { token: null });
    expect(res.status).toBe(401);
    // Deviation: the limiter answers before the route, as application/problem+json; the contract documents
    // application/json only. The body still carries `error`, so it satisfies the documented ErrorResponse.
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(() => validate("get", LIST, 401, res.contentType, res.body)).toThrow(/content-type/);
    expectSchema(validate("get", LIST, 401, "application/json", res.body));
    expect(res.body).toMatchObject({ title: "Unauthorized", status: 401, error: "No authorization header provided" });
  });

  it("GET …/envvars/{env} → 404 (PAT, unknown project)", async () => {
    const res = await call("GET", "/api/v1/projects/proj_doesnotexist00000000/envvars/prod", { token: PAT });
    expectSchema(conform("get", LIST, 404, res));
    expect((res.body as Obj).error).toBe("Project not found");
  });

  it("POST …/envvars/{env} → 200 SucceedResponse (an upsert, §2.2)", async () => {
    const res = await call("POST", base, { body: { name: "OA_CREATED", value: "one" } });
    expectSchema(conform("post", LIST, 200, res));
    expect(res.body).toEqual({ success: true });
    const again = await call("POST", base, { body: { name: "OA_CREATED", value: "two" } });
    expectSchema(conform("post", LIST, 200, again));
    expect(envVarIn("prod", "OA_CREATED")).toMatchObject({ value: "two" });
  });

  it("POST …/envvars/{env} → 400 InvalidEnvVarsRequestResponse", async () => {
    const res = await call("POST", base, { body: { name: "OA_NO_VALUE" } });
    expectSchema(conform("post", LIST, 400, res));
    expect((res.body as Obj).error).toBe("Invalid request body");
    expect(Array.isArray((res.body as Obj).issues)).toBe(true);
    const blank = await call("POST", base, { body: { name: "OA_BLANK", value: "   " } });
    expectSchema(conform("post", LIST, 400, blank));
    expect((blank.body as Obj).error).toBe("You must set at least one valid variable.");
  });

  it("POST …/envvars/{env} → 401", async () => {
    const res = await call("POST", base, { token: UNKNOWN_KEY, body: { name: "X", value: "y" } });
    expectSchema(conform("post", LIST, 401, res));
  });

  it("POST …/envvars/{env} → 404 (PAT, unknown project)", async () => {
    const res = await call("POST", "/api/v1/projects/proj_doesnotexist00000000/envvars/prod", { token: PAT, body: { name: "X", value: "y" } });
    expectSchema(conform("post", LIST, 404, res));
  });

  it("POST …/envvars/{env}/import → 200 SucceedResponse", async () => {
    const res = await call("POST", `${base}/import`, { body: { variables: { OA_IMPORTED_A: "a", OA_IMPORTED_B: "b" }, override: false } });
    expectSchema(conform("post", IMPORT, 200, res));
    expect(envVarIn("prod", "OA_IMPORTED_B")).toMatchObject({ value: "b" });
  });

  it("POST …/envvars/{env}/import takes `variables` as a record, not the contract's array (§2.3)", async () => {
    // Deviation (request side): the contract describes `variables` as an array of EnvVar; the server's
    // ImportEnvironmentVariablesRequestBody is `Record<string,string>` and refuses the array with a bare error.
    const res = await call("POST", `${base}/import`, { body: { variables: [{ name: "OA_ARRAY_FORM", value: "x" }] } });
    expectSchema(conform("post", IMPORT, 400, res));
    expect(res.body).toEqual({ error: "Invalid body" });
    expect(envVarIn("prod", "OA_ARRAY_FORM")).toBeUndefined();
  });

  it("POST …/envvars/{env}/import → 400 with variableErrors (override false, §2.3)", async () => {
    const res = await call("POST", `${base}/import`, { body: { variables: { DATABASE_URL: "other", OA_NEW: "x" } } });
    expectSchema(conform("post", IMPORT, 400, res));
    expect(res.body).toEqual({
      error: "Some of the variables are already set for these environments. Set override to true to override them.",
      variableErrors: [{ key: "DATABASE_URL", error: "Variable already set in Production." }],
    });
    expect(envVarIn("prod", "OA_NEW")).toBeUndefined();
  });

  it("POST …/envvars/{env}/import → 401", async () => {
    expectSchema(conform("post", IMPORT, 401, await call("POST", `${base}/import`, { token: UNKNOWN_KEY, body: { variables: { A: "b" } } })));
  });

  it("POST …/envvars/{env}/import → 404 (PAT, unknown project)", async () => {
    const res = await call("POST", "/api/v1/projects/proj_doesnotexist00000000/envvars/prod/import", { token: PAT, body: { variables: { A: "b" } } });
    expectSchema(conform("post", IMPORT, 404, res));
  });

  it("GET …/envvars/{env}/{name} → 200 EnvVarValue", async () => {
    const res = await call("GET", `${base}/DATABASE_URL`);
    expectSchema(conform("get", ONE, 200, res));
    expect(res.body).toEqual({ name: "DATABASE_URL", value: "postgres://db", isSecret: false });
    const secret = await call("GET", `${base}/STRIPE_KEY`);
    expectSchema(conform("get", ONE, 200, secret));
    expect(secret.body).toEqual({ name: "STRIPE_KEY", value: "<redacted>", isSecret: true });
  });

  it("GET …/envvars/{env}/{name} → 400 (key of another project)", async () => {
    expectSchema(conform("get", ONE, 400, await call("GET", "/api/v1/projects/proj_someoneelse000000000/envvars/prod/DATABASE_URL")));
  });

  it("GET …/envvars/{env}/{name} → 401", async () => {
    expectSchema(conform("get", ONE, 401, await call("GET", `${base}/DATABASE_URL`, { token: UNKNOWN_KEY })));
  });

  it("GET …/envvars/{env}/{name} → 404 (nowhere, and only in another environment, §2.4)", async () => {
    const nowhere = await call("GET", `${base}/OA_NOWHERE`);
    expectSchema(conform("get", ONE, 404, nowhere));
    expect((nowhere.body as Obj).error).toBe("Environment variable not found");
    const elsewhere = await call("GET", `${base}/STAGING_ONLY`);
    expectSchema(conform("get", ONE, 404, elsewhere));
  });

  it("PUT …/envvars/{env}/{name} → 200 SucceedResponse", async () => {
    const res = await call("PUT", `${base}/DATABASE_URL`, { body: { value: "postgres://new" } });
    expectSchema(conform("put", ONE, 200, res));
    expect(envVarIn("prod", "DATABASE_URL")).toMatchObject({ value: "postgres://new" });
  });

  it("PUT …/envvars/{env}/{name} → 400 InvalidEnvVarsRequestResponse", async () => {
    const res = await call("PUT", `${base}/DATABASE_URL`, { body: { value: 42 } });
    expectSchema(conform("put", ONE, 400, res));
    expect((res.body as Obj).error).toBe("Invalid request body");
  });

  it("PUT …/envvars/{env}/{name} → 401", async () => {
    expectSchema(conform("put", ONE, 401, await call("PUT", `${base}/DATABASE_URL`, { token: UNKNOWN_KEY, body: { value: "x" } })));
  });

  it("PUT …/envvars/{env}/{name} → 404 (name exists nowhere, §2.5)", async () => {
    const res = await call("PUT", `${base}/OA_NOWHERE`, { body: { value: "x" } });
    expectSchema(conform("put", ONE, 404, res));
    expect((res.body as Obj).error).toBe("Environment variable not found");
  });

  it("DELETE …/envvars/{env}/{name} → 200 SucceedResponse", async () => {
    await call("POST", base, { body: { name: "OA_TO_DELETE", value: "x" } });
    const res = await call("DELETE", `${base}/OA_TO_DELETE`);
    expectSchema(conform("delete", ONE, 200, res));
    expect(envVarIn("prod", "OA_TO_DELETE")).toBeUndefined();
  });

  it("DELETE …/envvars/{env}/{name} → 400 (exists only in another environment, §2.6)", async () => {
    const res = await call("DELETE", `${base}/STAGING_ONLY`);
    expectSchema(conform("delete", ONE, 400, res));
    expect((res.body as Obj).error).toBe("Environment variable value not found");
  });

  it("DELETE …/envvars/{env}/{name} → 401", async () => {
    expectSchema(conform("delete", ONE, 401, await call("DELETE", `${base}/DATABASE_URL`, { token: UNKNOWN_KEY })));
  });

  it("DELETE …/envvars/{env}/{name} → 404 (name exists nowhere)", async () => {
    expectSchema(conform("delete", ONE, 404, await call("DELETE", `${base}/OA_NOWHERE`)));
  });
});

/** An env var as the emulator stores it (admin snapshot), to assert outcomes, not just answers. */
function envVarIn(env: "dev" | "staging" | "prod", name: string): { value: string; secret?: boolean } | undefined {
  const project = emulator.admin.snapshot().projects.find((p) => p.ref === REF);
  const value = project?.environments[env]?.envVars?.[name];
  if (value === undefined) return undefined;
  return typeof value === "string" ? { value } : value;
}

describe("queues", () => {
  const LIST = "/api/v1/queues";
  const ONE = "/api/v1/queues/{queueParam}";
  const PAUSE = "/api/v1/queues/{queueParam}/pause";
  const OVERRIDE = "/api/v1/queues/{queueParam}/concurrency/override";
  const RESET = "/api/v1/queues/{queueParam}/concurrency/reset";
  const INVALID_KEY = /api key/i;

  async function queueId(name: string): Promise<string> {
    const res = await call("GET", `/api/v1/queues/${name}?type=task`);
    expect(res.status).toBe(200);
    return String((res.body as Obj).id);
  }

  it("GET /api/v1/queues → 200 ListQueuesResult", async () => {
    const res = await call("GET", "/api/v1/queues");
    expectSchema(conform("get", LIST, 200, res));
    const body = res.body as { data: Obj[]; pagination: Obj };
    // ordered by orderableName (§4.4): task ids and custom names alike
    expect(body.data.map((q) => q.name)).toEqual(["declared-cron", "nightly-report", "resize-image", "send-email", "shared-queue"]);
    expect(body.data.find((q) => q.name === "send-email")).toMatchObject({
      type: "task",
      paused: false,
      concurrencyLimit: 10,
      concurrency: { current: 10, base: null, override: null, overriddenAt: null, overriddenBy: null },
    });
    expect(body.pagination).toEqual({ currentPage: 1, totalPages: 1, count: 5 });
  });

  it("GET /api/v1/queues → 401", async () => {
    conformError("get", LIST, 401, await call("GET", "/api/v1/queues", { token: UNKNOWN_KEY }), INVALID_KEY);
  });

  it("GET /api/v1/queues → 400 is a server status the contract omits (§4.4)", async () => {
    const res = await call("GET", "/api/v1/queues?perPage=-1");
    expect(res.status).toBe(400);
    expect((res.body as Obj).error).toBe("Query Error");
    contract.validateComponent("ErrorWithDetailsResponse", res.body);
    expect(() => validate("get", LIST, 400, res.contentType, res.body)).toThrow(/not documented/);
  });

  it("GET /api/v1/queues/{queueParam} → 200 QueueObject (by id, task and custom name)", async () => {
    const byTask = await call("GET", "/api/v1/queues/send-email?type=task");
    expectSchema(conform("get", ONE, 200, byTask));
    const id = String((byTask.body as Obj).id);
    expect(id).toMatch(/^queue_/);
    const byId = await call("GET", `/api/v1/queues/${id}`);
    expectSchema(conform("get", ONE, 200, byId));
    expect((byId.body as Obj).name).toBe("send-email");
    const custom = await call("GET", "/api/v1/queues/shared-queue?type=custom");
    expectSchema(conform("get", ONE, 200, custom));
    expect(custom.body).toMatchObject({ type: "custom", concurrencyLimit: 5 });
  });

  it("GET /api/v1/queues/{queueParam} → 401", async () => {
    conformError("get", ONE, 401, await call("GET", "/api/v1/queues/send-email?type=task", { token: UNKNOWN_KEY }), INVALID_KEY);
  });

  it("GET /api/v1/queues/{queueParam} → 404 (default type is id, §4.2)", async () => {
    conformError("get", ONE, 404, await call("GET", "/api/v1/queues/send-email"), "queue-not-found");
  });

  it("POST /api/v1/queues/{queueParam}/pause → 200 QueueObject (pause and resume)", async () => {
    const paused = await call("POST", "/api/v1/queues/resize-image/pause", { body: { type: "task", action: "pause" } });
    expectSchema(conform("post", PAUSE, 200, paused));
    expect((paused.body as Obj).paused).toBe(true);
    expect(queueIn("prod", "resize-image")?.paused).toBe(true);
    const resumed = await call("POST", `/api/v1/queues/${await queueId("resize-image")}/pause`, { body: { action: "resume" } });
    expectSchema(conform("post", PAUSE, 200, resumed));
    expect((resumed.body as Obj).paused).toBe(false);
    expect(queueIn("prod", "resize-image")?.paused ?? false).toBe(false);
  });

  it("POST /api/v1/queues/{queueParam}/pause → 400 (missing action, §4.6)", async () => {
    const res = await call("POST", "/api/v1/queues/resize-image/pause", { body: { type: "task" } });
    conformError("post", PAUSE, 400, res, 'Validation error: Required at "action"');
  });

  it("POST /api/v1/queues/{queueParam}/pause → 401", async () => {
    const res = await call("POST", "/api/v1/queues/resize-image/pause", { token: UNKNOWN_KEY, body: { type: "task", action: "pause" } });
    conformError("post", PAUSE, 401, res, INVALID_KEY);
  });

  it("POST /api/v1/queues/{queueParam}/pause → 404", async () => {
    const res = await call("POST", "/api/v1/queues/no-such-task/pause", { body: { type: "task", action: "pause" } });
    conformError("post", PAUSE, 404, res, "queue-not-found");
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/override → 200 QueueObject", async () => {
    const res = await call("POST", "/api/v1/queues/send-email/concurrency/override", { body: { type: "task", concurrencyLimit: 3 } });
    expectSchema(conform("post", OVERRIDE, 200, res));
    const body = res.body as { concurrencyLimit: number; concurrency: Obj };
    expect(body.concurrencyLimit).toBe(3);
    expect(body.concurrency).toMatchObject({ current: 3, base: 10, override: 3, overriddenBy: null });
    expect(typeof body.concurrency.overriddenAt).toBe("string");
    expect(queueIn("prod", "send-email")?.override).toBe(3);
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/override → 400 (above the environment maximum, §4.7)", async () => {
    const res = await call("POST", "/api/v1/queues/send-email/concurrency/override", { body: { type: "task", concurrencyLimit: 50 } });
    conformError("post", OVERRIDE, 400, res, "Concurrency limit (50) cannot exceed the environment limit (25)");
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/override → 401", async () => {
    const res = await call("POST", "/api/v1/queues/send-email/concurrency/override", { token: UNKNOWN_KEY, body: { type: "task", concurrencyLimit: 3 } });
    conformError("post", OVERRIDE, 401, res, INVALID_KEY);
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/override → 404 (its own message, §0.10)", async () => {
    const res = await call("POST", "/api/v1/queues/no-such-task/concurrency/override", { body: { type: "task", concurrencyLimit: 3 } });
    conformError("post", OVERRIDE, 404, res, "Queue not found");
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/reset → 200 QueueObject", async () => {
    await call("POST", "/api/v1/queues/shared-queue/concurrency/override", { body: { type: "custom", concurrencyLimit: 2 } });
    const res = await call("POST", "/api/v1/queues/shared-queue/concurrency/reset", { body: { type: "custom" } });
    expectSchema(conform("post", RESET, 200, res));
    expect(res.body).toMatchObject({ concurrencyLimit: 5, concurrency: { current: 5, base: null, override: null, overriddenAt: null } });
    expect(queueIn("prod", "shared-queue")?.override).toBeUndefined();
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/reset → 400 (not overridden, §4.8)", async () => {
    const res = await call("POST", "/api/v1/queues/resize-image/concurrency/reset", { body: { type: "task" } });
    conformError("post", RESET, 400, res, "Queue is not overridden");
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/reset → 401", async () => {
    conformError("post", RESET, 401, await call("POST", "/api/v1/queues/resize-image/concurrency/reset", { token: UNKNOWN_KEY, body: { type: "task" } }), INVALID_KEY);
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/reset → 404", async () => {
    conformError("post", RESET, 404, await call("POST", "/api/v1/queues/no-such-task/concurrency/reset", { body: { type: "task" } }), "Queue not found");
  });
});

/** A schedule's stored state (admin snapshot). */
function scheduleIn(env: "dev" | "staging" | "prod", id: string): SeedSchedule | undefined {
  const project = emulator.admin.snapshot().projects.find((p) => p.ref === REF);
  return project?.environments[env]?.schedules?.find((s) => s.id === id);
}

/** A queue's stored state (admin snapshot). */
function queueIn(env: "dev" | "staging" | "prod", name: string): { paused?: boolean; override?: number } | undefined {
  const project = emulator.admin.snapshot().projects.find((p) => p.ref === REF);
  return project?.environments[env]?.queues?.find((q) => q.name === name);
}

describe("deployments", () => {
  const ONE = "/api/v1/deployments/{deploymentId}";
  const LATEST = "/api/v1/deployments/latest";
  const PROMOTE = "/api/v1/deployments/{version}/promote";
  const INVALID_KEY = /api key/i;

  it("GET /api/v1/deployments/{deploymentId} → 200", async () => {
    const current = await call("GET", "/api/v1/deployments/current");
    expect(current.status).toBe(200);
    const id = String((current.body as Obj).id);
    const res = await call("GET", `/api/v1/deployments/${id}`);
    expectSchema(conform("get", ONE, 200, res));
    expect(res.body).toMatchObject({ id, version: V1, status: "DEPLOYED" });
    const worker = (res.body as { worker?: { tasks: Obj[] } }).worker;
    expect(worker?.tasks.map((t) => t.slug).sort()).toEqual(tasks.map((t) => t.id).sort());
  });

  it("GET /api/v1/deployments/{deploymentId} → 200 for a failed deployment (nullable image and error data)", async () => {
    const list = await call("GET", "/api/v1/deployments");
    const failed = (list.body as { data: Obj[] }).data.find((d) => d.version === V_FAILED);
    expect(failed, "the failed deployment in the list").toBeDefined();
    const res = await call("GET", `/api/v1/deployments/${String(failed?.id)}`);
    expectSchema(conform("get", ONE, 200, res));
    expect(res.body).toMatchObject({ id: failed?.id, version: V_FAILED, status: "FAILED" });
  });

  it("GET /api/v1/deployments/{deploymentId} → 401", async () => {
    conformError("get", ONE, 401, await call("GET", "/api/v1/deployments/deployment_x", { token: UNKNOWN_KEY }), INVALID_KEY);
  });

  it("GET /api/v1/deployments/{deploymentId} → 404", async () => {
    conformError("get", ONE, 404, await call("GET", "/api/v1/deployments/deployment_doesnotexist000"), "Deployment not found");
  });

  it("GET /api/v1/deployments/latest → 404 (only UNMANAGED deployments count, none exist: §5.4)", async () => {
    // The 200 of this operation is unreachable on current servers: `InitializeDeploymentService` rejects UNMANAGED
    // deployments, so /latest always answers 404 (api-behaviour.md §5.4), and so does the emulator.
    conformError("get", LATEST, 404, await call("GET", "/api/v1/deployments/latest"), "Deployment not found");
  });

  it("GET /api/v1/deployments/latest → 401", async () => {
    conformError("get", LATEST, 401, await call("GET", "/api/v1/deployments/latest", { token: UNKNOWN_KEY }), INVALID_KEY);
  });

  it("POST /api/v1/deployments/{version}/promote → 200", async () => {
    const res = await call("POST", `/api/v1/deployments/${V2}/promote`);
    expectSchema(conform("post", PROMOTE, 200, res));
    expect(res.body).toMatchObject({ version: V2 });
    expect(String((res.body as Obj).id)).toMatch(/^deployment_/);
    const project = emulator.admin.snapshot().projects.find((p) => p.ref === REF);
    expect(project?.environments.prod?.current).toBe(V2);
  });

  it("POST /api/v1/deployments/{version}/promote → 400 (already current, older, not deployed: §5.5)", async () => {
    const current = await call("POST", `/api/v1/deployments/${V2}/promote`);
    expectSchema(conform("post", PROMOTE, 400, current));
    expect((current.body as Obj).error).toBe("Deployment is already the current deployment.");
    const older = await call("POST", `/api/v1/deployments/${V1}/promote`);
    expectSchema(conform("post", PROMOTE, 400, older));
    expect((older.body as Obj).error).toBe("Cannot promote a deployment that is older than the current deployment.");
    const failed = await call("POST", `/api/v1/deployments/${V_FAILED}/promote`);
    expectSchema(conform("post", PROMOTE, 400, failed));
    expect((failed.body as Obj).error).toMatch(/^Deployment (must be in the DEPLOYED state|is not associated with a worker)/);
  });

  it("POST /api/v1/deployments/{version}/promote → 401", async () => {
    conformError("post", PROMOTE, 401, await call("POST", `/api/v1/deployments/${V1}/promote`, { token: UNKNOWN_KEY }), INVALID_KEY);
  });

  it("POST /api/v1/deployments/{version}/promote → 404", async () => {
    conformError("post", PROMOTE, 404, await call("POST", "/api/v1/deployments/20991231.9/promote"), "Deployment not found");
  });
});

describe("runs", () => {
  const LIST = "/api/v1/runs";
  const ONE = "/api/v3/runs/{runId}";

  it("GET /api/v1/runs → 200 ListRunsResult", async () => {
    const res = await call("GET", "/api/v1/runs", { token: KEYS.dev });
    expectSchema(conform("get", LIST, 200, res));
    const ids = (res.body as { data: Obj[] }).data.map((r) => r.id);
    expect(ids.sort()).toEqual(["run_conformance00000000001", "run_conformance00000000002"]);
    const filtered = await call("GET", "/api/v1/runs?filter[status]=FAILED", { token: KEYS.dev });
    expectSchema(conform("get", LIST, 200, filtered));
    expect((filtered.body as { data: Obj[] }).data.map((r) => r.id)).toEqual(["run_conformance00000000002"]);
  });

  it("GET /api/v1/runs → 400 ErrorWithDetailsResponse", async () => {
    const res = await call("GET", "/api/v1/runs?filter[status]=FOOBAR", { token: KEYS.dev });
    expectSchema(conform("get", LIST, 400, res));
  });

  it("GET /api/v1/runs → 401", async () => {
    expect(conform("get", LIST, 401, await call("GET", "/api/v1/runs", { token: UNKNOWN_KEY })).kind).toBe("no-body-schema");
  });

  it("GET /api/v3/runs/{runId} → 200 RetrieveRunResponse", async () => {
    const res = await call("GET", "/api/v3/runs/run_conformance00000000001", { token: KEYS.dev });
    expectSchema(conform("get", ONE, 200, res));
    expect(res.body).toMatchObject({ id: "run_conformance00000000001", status: "COMPLETED", taskIdentifier: "send-email", tags: ["order_1"] });
  });

  it("GET /api/v3/runs/{runId} → 400 (not a run id)", async () => {
    const res = await call("GET", "/api/v3/runs/not-a-run-id", { token: KEYS.dev });
    expectSchema(conform("get", ONE, 400, res));
    expect(typeof (res.body as Obj).error).toBe("string");
  });

  it("GET /api/v3/runs/{runId} → 401", async () => {
    expectSchema(conform("get", ONE, 401, await call("GET", "/api/v3/runs/run_conformance00000000001", { token: UNKNOWN_KEY })));
  });

  it("GET /api/v3/runs/{runId} → 404 (another environment's run is not visible)", async () => {
    expectSchema(conform("get", ONE, 404, await call("GET", "/api/v3/runs/run_conformance00000000001", { token: KEYS.prod })));
    expectSchema(conform("get", ONE, 404, await call("GET", "/api/v3/runs/run_doesnotexist0000000000", { token: KEYS.dev })));
  });
});

describe("completeness", () => {
  /** The operations in scope: the four managed kinds plus the runs the demo shows. */
  const IN_SCOPE = [
    "/api/v1/schedules",
    "/api/v1/schedules/{schedule_id}",
    "/api/v1/schedules/{schedule_id}/activate",
    "/api/v1/schedules/{schedule_id}/deactivate",
    "/api/v1/timezones",
    "/api/v1/projects/{projectRef}/envvars/{env}",
    "/api/v1/projects/{projectRef}/envvars/{env}/import",
    "/api/v1/projects/{projectRef}/envvars/{env}/{name}",
    "/api/v1/queues",
    "/api/v1/queues/{queueParam}",
    "/api/v1/queues/{queueParam}/pause",
    "/api/v1/queues/{queueParam}/concurrency/override",
    "/api/v1/queues/{queueParam}/concurrency/reset",
    "/api/v1/deployments/{deploymentId}",
    "/api/v1/deployments/latest",
    "/api/v1/deployments/{version}/promote",
    "/api/v1/runs",
    "/api/v3/runs/{runId}",
  ];
  /** Documented statuses the real server cannot produce, with the reason. */
  const UNREACHABLE: Record<string, string> = {
    "GET /api/v1/deployments/latest 200": "§5.4: UNMANAGED deployments are rejected at creation, so /latest is always 404",
  };

  it("every documented (operation, status) in scope was exercised above, or is explained as unreachable", () => {
    const missing: string[] = [];
    const paths = contract.document.paths as Record<string, Record<string, unknown>>;
    for (const template of IN_SCOPE) {
      const item = paths[template];
      expect(item, template).toBeDefined();
      for (const method of Object.keys(item).filter((m) => ["get", "post", "put", "delete"].includes(m))) {
        for (const status of contract.documentedStatuses(method, template)) {
          const id = `${method.toUpperCase()} ${template} ${status}`;
          if (!covered.has(id) && !(id in UNREACHABLE)) missing.push(id);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(covered.size).toBeGreaterThan(80);
  });
});
