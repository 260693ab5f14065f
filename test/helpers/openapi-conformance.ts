import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator } from "../../src/testing.js";
import type { Emulator, EmulatorSeed, SeedSchedule } from "../../src/testing.js";
import { loadOpenApiContract } from "./openapi.js";
import type { OpenApiContract, ResponseCheck } from "./openapi.js";
import { OPENAPI_FAMILIES } from "./openapi-rows.js";
import type { OpenApiFamily } from "./openapi-rows.js";

/**
 * Shared set-up of the OpenAPI conformance suite (test/emulator-openapi-*.test.ts): every answer the emulator
 * gives on an endpoint that the published contract (test/fixtures/trigger-openapi.yaml, a verbatim copy)
 * describes validates against that operation's response schema, for the successes and for the documented error
 * statuses. One `it` per (endpoint, status).
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
 * - an unknown secret key gets 401 "Invalid API key" where the contract's enum has only the empty-token message
 *   "Invalid or Missing API key" (internal-packages/rbac/src/bearerCredentials.ts);
 * - request side: import takes `variables` as a record, not an array (§2.3); the {env} slug is `stg` for
 *   staging, with `staging` aliased and `preview` allowed, not the contract's enum (§1.2).
 * Error statuses the contract documents without a body schema are checked against its ErrorResponse component
 * and the server's exact message (§1.4).
 */

/** The compiled contract, once per test file. */
export const contract: OpenApiContract = loadOpenApiContract();

export const REF = "proj_conformanceopenapi1";
export const PAT = "tr_pat_conformanceopenapi000000000000";
export const KEYS = {
  dev: "tr_dev_ConfDevKey00000000000001",
  staging: "tr_stg_ConfStgKey00000000000001",
  prod: "tr_prod_ConfProdKey0000000000001",
};
/** A well-formed secret key that no environment owns. */
export const UNKNOWN_KEY = "tr_prod_UnknownKey00000000000009";

export const V1 = "20260101.1";
export const V2 = "20260102.1";
export const V_FAILED = "20260103.1";

/** The tasks of every seeded deployment. */
export const TASKS = [
  { id: "nightly-report", scheduled: true },
  { id: "declared-cron", scheduled: true, cron: "0 5 * * *" },
  { id: "send-email", concurrencyLimit: 10 },
  { id: "resize-image", concurrencyLimit: null },
];

/** One project with dev (V1 and two runs), staging (env vars only) and prod (V1 current, V2, a failed V3). */
export const CONFORMANCE_SEED: EmulatorSeed = {
  personalAccessTokens: [{ token: PAT }],
  projects: [
    {
      ref: REF,
      name: "Conformance",
      environments: {
        dev: {
          apiKey: KEYS.dev,
          deployments: [{ version: V1, tasks: TASKS, queues: [{ name: "shared-queue", concurrencyLimit: 5 }] }],
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
            { version: V1, tasks: TASKS, queues: [{ name: "shared-queue", concurrencyLimit: 5 }] },
            { version: V2, tasks: TASKS, queues: [{ name: "shared-queue", concurrencyLimit: 5 }] },
            { version: V_FAILED, status: "FAILED", tasks: TASKS },
          ],
          current: V1,
          envVars: { DATABASE_URL: "postgres://db", STRIPE_KEY: { value: "sk_live_x", secret: true } },
        },
      },
    },
  ],
};

export type Obj = Record<string, unknown>;
type Env = "dev" | "staging" | "prod";

/** One emulator answer, body parsed when it is JSON. */
export interface Answer {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: unknown;
}

/** Asserts a schema was really applied (not a status the contract leaves without a body). */
export function expectSchema(check: ResponseCheck): void {
  expect(check.kind).toBe("schema");
}

/** A shallow copy without one field. */
export function omit(obj: Obj, field: string): Obj {
  const copy = { ...obj };
  delete copy[field];
  return copy;
}

/** One request of {@link Conformance.conformErrorRows}: method, path template, concrete path, JSON body. */
export type ErrorRow = readonly [method: string, template: string, path: string, body?: unknown];

/** What {@link useConformanceEmulator} gives a family file. */
export interface Conformance {
  /** The file's emulator (available inside tests). */
  readonly emulator: Emulator;
  /** Every (METHOD template status) validated so far in this file. */
  readonly covered: ReadonlySet<string>;
  /** One real HTTP request; `token` defaults to the prod key, `null` sends no Authorization. */
  call(method: string, path: string, opts?: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<Answer>;
  /** The contract's validateResponse, remembering the row once it validated. */
  validate(method: string, template: string, status: number, contentType: string | null, body: unknown): ResponseCheck;
  /** Status first (for a readable failure), then the contract. */
  conform(method: string, template: string, expected: number, answer: Answer): ResponseCheck;
  /** For a status the contract documents without a body schema: the server's common error body (§1.4). */
  conformError(method: string, template: string, expected: number, answer: Answer, message: string | RegExp): void;
  /**
   * Registers one `it` per row, named `<METHOD> <template> → <status>`, that sends the request (with `token`, by
   * default the prod key) and checks it with {@link Conformance.conformError}: for the statuses whose rows differ
   * only in the request (a key no environment owns, an id that does not exist).
   */
  conformErrorRows(status: number, message: string | RegExp, rows: readonly ErrorRow[], token?: string): void;
  /** A schedule's stored state (admin snapshot). */
  scheduleIn(env: Env, id: string): SeedSchedule | undefined;
  /** A queue's stored state (admin snapshot). */
  queueIn(env: Env, name: string): { paused?: boolean; override?: number } | undefined;
  /** An env var as the emulator stores it (admin snapshot), to assert outcomes, not just answers. */
  envVarIn(env: Env, name: string): { value: string; secret?: boolean } | undefined;
}

/** Starts a fresh emulator on {@link CONFORMANCE_SEED} for this file (beforeAll/afterAll) and returns its helpers. */
export function useConformanceEmulator(): Conformance {
  let emulator: Emulator | undefined;
  const covered = new Set<string>();
  beforeAll(async () => {
    emulator = await startEmulator({ seed: CONFORMANCE_SEED, rateLimit: false });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  const started = (): Emulator => {
    if (!emulator) throw new Error("the conformance emulator is only available inside tests");
    return emulator;
  };
  const environment = (env: Env) => started().admin.snapshot().projects.find((p) => p.ref === REF)?.environments[env];

  const validate: Conformance["validate"] = (method, template, status, contentType, body) => {
    const check = contract.validateResponse(method, template, status, contentType, body);
    covered.add(`${method.toUpperCase()} ${template} ${status}`);
    return check;
  };
  const conform: Conformance["conform"] = (method, template, expected, answer) => {
    expect(answer.status, `${method} ${template}: ${JSON.stringify(answer.body)}`).toBe(expected);
    return validate(method, template, answer.status, answer.contentType, answer.body);
  };

  const call: Conformance["call"] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? KEYS.prod : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${started().url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : (JSON.parse(text) as unknown);
    } catch {
      // not JSON: keep the text, the schema check will say so
    }
    return { status: res.status, contentType: res.headers.get("content-type"), headers: res.headers, body: parsed };
  };
  const conformError: Conformance["conformError"] = (method, template, expected, answer, message) => {
    const check = conform(method, template, expected, answer);
    expect(check.kind).toBe("no-body-schema");
    contract.validateComponent("ErrorResponse", answer.body);
    const error = (answer.body as { error: string }).error;
    if (typeof message === "string") expect(error).toBe(message);
    else expect(error).toMatch(message);
  };

  return {
    get emulator() {
      return started();
    },
    covered,
    validate,
    conform,
    call,
    conformError,
    conformErrorRows(status, message, rows, token) {
      for (const [method, template, path, body] of rows) {
        it(`${method} ${template} → ${status}`, async () => {
          conformError(method, template, status, await call(method, path, { token, body }), message);
        });
      }
    },
    scheduleIn: (env, id) => environment(env)?.schedules?.find((s) => s.id === id),
    queueIn: (env, name) => environment(env)?.queues?.find((q) => q.name === name),
    envVarIn(env, name) {
      const value = environment(env)?.envVars?.[name];
      if (value === undefined) return undefined;
      return typeof value === "string" ? { value } : value;
    },
  };
}

/**
 * Registers, last in a family file, the test that keeps openapi-rows.ts honest: the rows this file validated are
 * exactly the rows it declares there for the completeness test (emulator-openapi-completeness.test.ts).
 */
export function coversDeclaredRows(family: OpenApiFamily, oa: Conformance): void {
  it(`validated exactly the rows ${OPENAPI_FAMILIES[family].file} declares in helpers/openapi-rows.ts`, () => {
    expect([...oa.covered].sort()).toEqual([...OPENAPI_FAMILIES[family].rows].sort());
  });
}
