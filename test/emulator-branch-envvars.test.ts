import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed } from "../src/testing.js";
import { call } from "./helpers/emulator-http.js";

// A preview branch is a child environment for env vars (api-behaviour.md §1.1, §1.2, §2.1-§2.7, `resolveBranch`):
// its own values, the parent preview environment's inherited in lists (child wins, secret on either side reads
// secret), writes with x-trigger-branch landing in the branch, deletes of inherited values refused.
const REF = "proj_branchvarsxxxxxxxxxx";
const KEY = "tr_preview_branchVars0000000001";
const PAT = "tr_pat_branchVars000000000000000000000000000";
const seed: EmulatorSeed = {
  personalAccessTokens: [{ token: PAT }],
  projects: [
    {
      ref: REF,
      environments: {
        preview: {
          apiKey: KEY,
          branches: ["feature-x", "feature-y"],
          envVars: { SHARED: "parent", OVERRIDDEN: "parent-value", PARENT_SECRET: { value: "parent-secret-1", secret: true } },
          branchEnvVars: { "feature-x": { OVERRIDDEN: "branch-value", OWN: "own-value" } },
        },
      },
    },
  ],
};

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ seed, rateLimit: false });
});
afterEach(async () => {
  await emu.close();
});

const path = `/api/v1/projects/${REF}/envvars/preview`;
const onBranch = (branch = "feature-x") => ({ token: KEY, headers: { "x-trigger-branch": branch } });
const byName = (body: { name: string; value: string; isSecret: boolean }[]) => Object.fromEntries(body.map((v) => [v.name, v]));
const preview = () => emu.admin.snapshot().projects[0]!.environments.preview!;

describe("a preview branch's env vars", () => {
  it("list the parent's merged with the branch's own, the branch's value winning", async () => {
    const res = await call(emu, "GET", path, onBranch());
    expect(res.status).toBe(200);
    expect(byName(res.body)).toEqual({
      SHARED: { name: "SHARED", value: "parent", isSecret: false },
      OVERRIDDEN: { name: "OVERRIDDEN", value: "branch-value", isSecret: false },
      PARENT_SECRET: { name: "PARENT_SECRET", value: "<redacted>", isSecret: true },
      OWN: { name: "OWN", value: "own-value", isSecret: false },
    });
    // Another branch sees only the parent's.
    const other = await call(emu, "GET", path, onBranch("feature-y"));
    expect(Object.keys(byName(other.body)).sort()).toEqual(["OVERRIDDEN", "PARENT_SECRET", "SHARED"]);
    expect(byName(other.body).OVERRIDDEN.value).toBe("parent-value");
  });

  it("a PAT reads the parent without the header, and the branch with it (404 for an unknown branch)", async () => {
    const parent = await call(emu, "GET", path, { token: PAT });
    expect(Object.keys(byName(parent.body)).sort()).toEqual(["OVERRIDDEN", "PARENT_SECRET", "SHARED"]);
    const branch = await call(emu, "GET", path, { token: PAT, headers: { "x-trigger-branch": "feature-x" } });
    expect(byName(branch.body).OWN).toEqual({ name: "OWN", value: "own-value", isSecret: false });
    const unknown = await call(emu, "GET", path, { token: PAT, headers: { "x-trigger-branch": "nope" } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: "Branch not found" });
  });

  it("writes land in the branch; the parent is unchanged", async () => {
    const created = await call(emu, "POST", path, { ...onBranch(), body: { name: "SHARED", value: "branch-override", isSecret: true } });
    expect(created.status).toBe(200);
    const imported = await call(emu, "POST", `${path}/import`, { ...onBranch(), body: { variables: { NEW_ONE: "n" }, override: true } });
    expect(imported.status).toBe(200);
    expect(preview().envVars).toEqual({
      SHARED: { value: "parent", secret: false },
      OVERRIDDEN: { value: "parent-value", secret: false },
      PARENT_SECRET: { value: "parent-secret-1", secret: true },
    });
    expect(preview().branchEnvVars!["feature-x"]).toEqual({
      OVERRIDDEN: { value: "branch-value", secret: false },
      OWN: { value: "own-value", secret: false },
      SHARED: { value: "branch-override", secret: true },
      NEW_ONE: { value: "n", secret: false },
    });
    const listed = byName((await call(emu, "GET", path, onBranch())).body);
    expect(listed.SHARED).toEqual({ name: "SHARED", value: "<redacted>", isSecret: true });
  });

  it("deleting an inherited variable through the branch is the server's 400; the branch's own is deleted", async () => {
    const inherited = await call(emu, "DELETE", `${path}/SHARED`, onBranch());
    expect(inherited.status).toBe(400);
    expect(inherited.body).toEqual({ error: "Environment variable value not found" });
    expect(preview().envVars!.SHARED).toEqual({ value: "parent", secret: false });
    const own = await call(emu, "DELETE", `${path}/OVERRIDDEN`, onBranch());
    expect(own.status).toBe(200);
    // The parent's value shows through again.
    expect(byName((await call(emu, "GET", path, onBranch())).body).OVERRIDDEN.value).toBe("parent-value");
  });

  it("an update of an inherited name creates a plain value in the branch (§2.5); import override:false counts only the branch's own", async () => {
    const updated = await call(emu, "PUT", `${path}/SHARED`, { ...onBranch(), body: { value: "updated-in-branch" } });
    expect(updated.status).toBe(200);
    expect(preview().branchEnvVars!["feature-x"]!.SHARED).toEqual({ value: "updated-in-branch", secret: false });
    expect(preview().envVars!.SHARED).toEqual({ value: "parent", secret: false });

    const inheritedOnly = await call(emu, "POST", `${path}/import`, { ...onBranch(), body: { variables: { PARENT_SECRET: "x" } } });
    expect(inheritedOnly.status).toBe(200);
    const own = await call(emu, "POST", `${path}/import`, { ...onBranch(), body: { variables: { OWN: "y" } } });
    expect(own.status).toBe(400);
    expect(own.body.variableErrors).toEqual([{ key: "OWN", error: "Variable already set in feature-x." }]);
  });

  it("an import without isSecret gives a new branch value the parent value's secret flag (§2.3)", async () => {
    const res = await call(emu, "POST", `${path}/import`, { ...onBranch(), body: { variables: { PARENT_SECRET: "branch-secret", BRAND_NEW: "b" }, override: true } });
    expect(res.status).toBe(200);
    expect(preview().branchEnvVars!["feature-x"]).toMatchObject({ PARENT_SECRET: { value: "branch-secret", secret: true }, BRAND_NEW: { value: "b", secret: false } });
  });

  it("retrieve and the runtime read see the merged variables", async () => {
    const one = await call(emu, "GET", `${path}/SHARED`, onBranch());
    expect(one.body).toEqual({ name: "SHARED", value: "parent", isSecret: false });
    const runtime = await call(emu, "GET", `/api/v1/projects/${REF}/envvars`, onBranch());
    expect(runtime.body.variables).toMatchObject({ SHARED: "parent", OVERRIDDEN: "branch-value", OWN: "own-value", PARENT_SECRET: "parent-secret-1" });
  });

  it("seeds refuse branch variables of a branch that is not declared", async () => {
    const bad = structuredClone(seed);
    bad.projects[0]!.environments.preview!.branchEnvVars = { "not-a-branch": { A: "1" } };
    await expect(startEmulator({ seed: bad })).rejects.toThrow("projects[0].environments.preview.branchEnvVars.not-a-branch names a branch not listed in branches");
  });
});
