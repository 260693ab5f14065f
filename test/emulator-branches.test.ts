import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SEED } from "../src/emulator/default-seed.js";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed } from "../src/testing.js";
import { call } from "./helpers/emulator-http.js";

// Preview branches (api-behaviour.md §1.1, §1.2): a preview secret key needs x-trigger-branch naming a branch.
let emu: Emulator;
let ref: string;
let preview: string;
let pat: string;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
  ref = emu.credentials.projectRef;
  preview = emu.credentials.secretKeys.preview;
  pat = emu.credentials.accessToken;
});
afterAll(async () => {
  await emu.close();
});

const REQUIRED = { error: "x-trigger-branch header required for preview env" };
const NO_MATCH = { error: "No matching branch env" };
/**
 * The schedule routes authenticate with the legacy `authenticateApiRequest`: `findEnvironmentByApiKey`
 * (models/runtimeEnvironment.server.ts) returns null for a preview key without a known branch, and the route
 * sends its one 401.
 */
const LEGACY = { error: "Invalid or Missing API Key" };
const refusal = (path: string, bearer: object) => (path === "/api/v1/schedules" ? LEGACY : bearer);

/** Every route that authenticates with a secret key, one per family. */
const routes = () => [
  ["GET", "/api/v1/schedules"],
  ["GET", "/api/v1/queues"],
  ["GET", "/api/v1/deployments"],
  ["GET", "/api/v1/deployments/current"],
  ["GET", "/api/v1/runs"],
  ["GET", `/api/v1/projects/${ref}/envvars/preview`],
  ["GET", `/api/v1/projects/${ref}/envvars`],
  ["GET", `/api/v1/projects/${ref}/preview`],
] as const;

describe("a preview secret key", () => {
  it("without x-trigger-branch gets 401 'x-trigger-branch header required for preview env' on every route", async () => {
    for (const [method, path] of routes()) {
      const res = await call(emu, method, path, { token: preview });
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 401, body: refusal(path, REQUIRED) });
    }
    // A write is refused too, and changes nothing.
    const write = await call(emu, "POST", `/api/v1/projects/${ref}/envvars/preview`, { token: preview, body: { name: "NO_BRANCH", value: "x" } });
    expect(write.status).toBe(401);
    expect(write.body).toEqual(REQUIRED);
    expect(emu.admin.snapshot().projects[0]!.environments.preview!.envVars).not.toHaveProperty("NO_BRANCH");
  });

  it("with a branch the seed does not declare gets 401 'No matching branch env'", async () => {
    for (const [method, path] of routes()) {
      const res = await call(emu, method, path, { token: preview, headers: { "x-trigger-branch": "no-such-branch" } });
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 401, body: refusal(path, NO_MATCH) });
    }
    // Any ref other than refs/heads/… is dropped by the server's sanitiser, so the header counts as missing.
    const tag = await call(emu, "GET", "/api/v1/queues", { token: preview, headers: { "x-trigger-branch": "refs/tags/feature-x" } });
    expect(tag.body).toEqual(REQUIRED);
  });

  it("with a known branch (also as refs/heads/…) acts on the branch's environment", async () => {
    const headers = { "x-trigger-branch": "feature-x" };
    const created = await call(emu, "POST", `/api/v1/projects/${ref}/envvars/preview`, {
      token: preview,
      headers,
      body: { name: "BRANCH_VAR", value: "on-preview" },
    });
    expect(created.status).toBe(200);
    // The write lands in the branch (a child environment), not in the preview environment itself.
    expect(emu.admin.snapshot().projects[0]!.environments.preview!.branchEnvVars!["feature-x"]!.BRANCH_VAR).toEqual({ value: "on-preview", secret: false });
    expect(emu.admin.snapshot().projects[0]!.environments.preview!.envVars).not.toHaveProperty("BRANCH_VAR");
    const listed = await call(emu, "GET", `/api/v1/projects/${ref}/envvars/preview`, {
      token: preview,
      headers: { "x-trigger-branch": "refs/heads/feature-x" },
    });
    expect(listed.status).toBe(200);
    expect(listed.body).toContainEqual({ name: "BRANCH_VAR", value: "on-preview", isSecret: false });
    for (const [method, path] of routes()) {
      const res = await call(emu, method, path, { token: preview, headers });
      // deployments/current has nothing promoted in preview: the route's own 404, past authentication.
      expect({ path, status: res.status }).toEqual({ path, status: path.endsWith("/current") ? 404 : 200 });
    }
    const log = emu.requests.filter((r) => r.path === "/api/v1/schedules" && r.branch === "feature-x");
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((r) => r.environment === "preview" && r.auth === "secretKey")).toBe(true);
  });

  it("timezones need no auth, so a preview key without a branch is not refused there", async () => {
    const res = await call(emu, "GET", "/api/v1/timezones", { token: preview });
    expect(res.status).toBe(200);
  });
});

describe("other credentials are unaffected", () => {
  it("a PAT without the header reaches the (parent) preview environment's env vars and key", async () => {
    const vars = await call(emu, "GET", `/api/v1/projects/${ref}/envvars/preview`, { token: pat });
    expect(vars.status).toBe(200);
    const key = await call(emu, "GET", `/api/v1/projects/${ref}/preview`, { token: pat });
    expect(key.status).toBe(200);
    expect(key.body.apiKey).toBe(preview);
  });

  it("prod and staging keys work with and without a header", async () => {
    const prod = emu.credentials.secretKeys.prod;
    expect((await call(emu, "GET", "/api/v1/schedules", { token: prod })).status).toBe(200);
    expect((await call(emu, "GET", "/api/v1/schedules", { token: prod, headers: { "x-trigger-branch": "anything" } })).status).toBe(200);
  });
});

describe("seed", () => {
  it("the default seed's preview environment declares a branch, and snapshots keep it", () => {
    expect(DEFAULT_SEED.projects[0]!.environments.preview!.branches).toEqual(["feature-x"]);
    expect(emu.admin.snapshot().projects[0]!.environments.preview!.branches).toEqual(["feature-x"]);
  });

  it("refuses branches on another environment, or a list that is not of names", async () => {
    const onProd: EmulatorSeed = {
      projects: [{ ref: "proj_branchseedxxxxxxxxxxx", environments: { prod: { apiKey: "tr_prod_branchSeed00000000000001", branches: ["x"] } } }],
    };
    await expect(startEmulator({ seed: onProd })).rejects.toThrow("projects[0].environments.prod.branches is only allowed on the preview environment");
    const notNames = {
      projects: [{ ref: "proj_branchseedxxxxxxxxxxx", environments: { preview: { apiKey: "tr_preview_branchSeed0000000001", branches: [""] } } }],
    } as EmulatorSeed;
    await expect(startEmulator({ seed: notNames })).rejects.toThrow("projects[0].environments.preview.branches must be a list of branch names");
  });

  it("a preview environment without branches refuses every preview key request", async () => {
    const seed: EmulatorSeed = {
      projects: [{ ref: "proj_branchseedxxxxxxxxxxx", environments: { preview: { apiKey: "tr_preview_branchSeed0000000001" } } }],
    };
    const bare = await startEmulator({ seed });
    try {
      const res = await call(bare, "GET", "/api/v1/queues", { token: bare.credentials.secretKeys.preview, headers: { "x-trigger-branch": "main" } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(NO_MATCH);
    } finally {
      await bare.close();
    }
  });
});
