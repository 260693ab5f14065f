import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTriggerClient, HttpError } from "../src/client/index.js";
import { DEFAULT_SEED, startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed } from "../src/testing.js";
import { call } from "./helpers/emulator-http.js";

// GET /api/v1/projects/{ref}/background-workers/{env}/{version}, as the server's
// apps/webapp/app/routes/api.v1.projects.$projectRef.background-workers.$envSlug.$version.ts answers it
// (auth from services/apiAuth.server.ts: authenticateRequest + authenticatedEnvironmentForAuthentication),
// and the task order of …/{env}/workers/current (api.v1.projects.$projectRef.$env.workers.$tagName.ts: by slug).

const OTHER_PROJECT = "proj_otherprojectxxxxxxxxx";
const OTHER_PROD_KEY = "tr_prod_otherProjectProdKey0001";

let emu: Emulator;
let ref: string;
let keys: Emulator["credentials"]["secretKeys"];
let pat: string;

beforeAll(async () => {
  const seed = structuredClone(DEFAULT_SEED) as EmulatorSeed;
  seed.projects.push({ ref: OTHER_PROJECT, environments: { prod: { apiKey: OTHER_PROD_KEY } } });
  emu = await startEmulator({ seed });
  ref = emu.credentials.projectRef;
  keys = emu.credentials.secretKeys;
  pat = emu.credentials.accessToken;
});
afterAll(async () => {
  await emu.close();
});

const workerPath = (env: string, version: string, project = ref) => `/api/v1/projects/${project}/background-workers/${env}/${version}`;

describe("GET …/background-workers/{env}/{version}", () => {
  test("a secret key gets its version's tasks, each with `source` (SCHEDULED or STANDARD), ordered by slug", async () => {
    const res = await call(emu, "GET", workerPath("prod", "20261120.1"), { token: keys.prod });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe("20261120.1");
    expect(res.body.id).toMatch(/^worker_/);
    expect(res.body.tasks.map((t: { id: string; source: string }) => [t.id, t.source])).toEqual([
      ["daily-report", "SCHEDULED"],
      ["nightly-cleanup", "SCHEDULED"],
      ["process-payment", "STANDARD"],
      ["send-email", "STANDARD"],
      ["sync-crm", "SCHEDULED"],
    ]);
    expect(res.body.tasks[3]).toMatchObject({ exportName: "sendEmail", filePath: "src/trigger/email.ts", queueConfig: { concurrencyLimit: 10 } });
    expect(res.body.files.find((f: { filePath: string }) => f.filePath === "src/trigger/email.ts").tasks).toEqual(["send-email"]);
    // The older version has no sync-crm: the lookup is by version, not the current one.
    const older = await call(emu, "GET", workerPath("prod", "20261101.1"), { token: keys.prod });
    expect(older.body.tasks.map((t: { id: string }) => t.id)).not.toContain("sync-crm");
  });

  test("a PAT reaches any environment of its projects; `staging` and `stg` name the same one", async () => {
    for (const slug of ["staging", "stg"]) {
      const res = await call(emu, "GET", workerPath(slug, "20261120.1"), { token: pat });
      expect(res.status, slug).toBe(200);
    }
    expect((await call(emu, "GET", workerPath("staging", "20261120.1"), { token: keys.staging })).status).toBe(200);
    const unknownProject = await call(emu, "GET", workerPath("prod", "20261120.1", "proj_nosuchprojectxxxxxxxx"), { token: pat });
    expect(unknownProject.status).toBe(404);
    expect(unknownProject.body).toEqual({ error: "Project not found" });
  });

  test("another project's key is refused with 400 (the binding check), another environment's key too", async () => {
    const foreign = await call(emu, "GET", workerPath("prod", "20261120.1"), { token: OTHER_PROD_KEY });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual({ error: "Invalid project ref for this API key. Make sure you are using an API key associated with that project." });
    // Unlike the env var routes, the slug is checked for every key that is not a branch key.
    const wrongEnv = await call(emu, "GET", workerPath("prod", "20261120.1"), { token: keys.staging });
    expect(wrongEnv.status).toBe(400);
    expect(wrongEnv.body).toEqual({ error: "Invalid environment slug for this API key. Make sure you are using an API key associated with that environment." });
  });

  test("unknown version: 404 Background worker not found; bad credentials: 401", async () => {
    const missing = await call(emu, "GET", workerPath("prod", "20991231.1"), { token: keys.prod });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: "Background worker not found" });
    const invalid = await call(emu, "GET", workerPath("prod", "20261120.1"), { token: "tr_prod_notAKnownKey000000000000" });
    expect(invalid.status).toBe(401);
    expect(invalid.body).toEqual({ error: "Invalid or Missing API key" });
  });

  test("workers/current lists tasks ordered by slug with triggerSource", async () => {
    const res = await call(emu, "GET", `/api/v1/projects/${ref}/staging/workers/current`, { token: pat });
    expect(res.status).toBe(200);
    const slugs = res.body.worker.tasks.map((t: { slug: string }) => t.slug);
    expect(slugs).toEqual([...slugs].sort());
    expect(res.body.worker.tasks.find((t: { slug: string }) => t.slug === "sync-crm").triggerSource).toBe("SCHEDULED");
  });
});

describe("client: environment(env).workers.byVersion(version)", () => {
  test("returns the tasks (sorted by id) in one request, null for an unknown version, and the server's refusal for a foreign key", async () => {
    const client = createTriggerClient({ baseUrl: emu.url, projectRef: ref, credentials: { secretKeys: { prod: keys.prod } }, retry: false });
    try {
      emu.clearRequests();
      const worker = await client.environment("prod").workers.byVersion("20261120.1");
      expect(worker?.tasks.map((t) => t.id)).toEqual(["daily-report", "nightly-cleanup", "process-payment", "send-email", "sync-crm"]);
      expect(worker?.tasks.filter((t) => t.source === "SCHEDULED").length).toBe(3);
      expect(emu.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${workerPath("prod", "20261120.1")}`]);
      expect(await client.environment("prod").workers.byVersion("20991231.1")).toBeNull();
    } finally {
      await client.close();
    }
    const foreign = createTriggerClient({ baseUrl: emu.url, projectRef: ref, credentials: { secretKeys: { prod: OTHER_PROD_KEY } }, retry: false });
    try {
      const error = await foreign.environment("prod").workers.byVersion("20261120.1").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(400);
    } finally {
      await foreign.close();
    }
  });

  test("with a PAT: one request, no key lookup", async () => {
    const client = createTriggerClient({ baseUrl: emu.url, projectRef: ref, credentials: { accessToken: pat }, retry: false });
    try {
      emu.clearRequests();
      const worker = await client.environment("staging").workers.byVersion("20261120.1");
      expect(worker?.version).toBe("20261120.1");
      expect(emu.requests.map((r) => r.path)).toEqual([workerPath("stg", "20261120.1")]);
    } finally {
      await client.close();
    }
  });
});
