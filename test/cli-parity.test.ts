import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed } from "../src/emulator/types.js";
import { markdownToHtml } from "../scripts/markdown-html.mjs";
import { emulatorEnv, runInProcess, workdir } from "./helpers/cli-harness.js";

// issue 12 item 5: what differs between environments, as a matrix of states; secret values compared by digest
// in memory and never printed (nor their digests).
const SECRET_SAME = "whsec_parity_SAME_value_0001";
const SECRET_DEV = "sk_parity_DEV_value_0002";
const SECRET_PROD = "sk_parity_PROD_value_0003";

// The command, against the emulator: the same requests as a plan of the same file, and no value printed.
let emulator: Emulator;
let cwd: string;
const seed = (): EmulatorSeed => ({
  projects: [
    {
      ref: "proj_parityxxxxxxxxxxxxxx",
      environments: {
        staging: {
          apiKey: "tr_stg_parityStagingKey0000000000",
          envVars: { LOG_LEVEL: "info", HOOK: { value: SECRET_SAME, secret: true }, KEY: { value: SECRET_DEV, secret: true }, EXTRA: "x" },
        },
        prod: {
          apiKey: "tr_prod_parityProdKey000000000000",
          envVars: { LOG_LEVEL: "warn", HOOK: { value: SECRET_SAME, secret: true }, KEY: { value: SECRET_PROD, secret: true } },
        },
      },
    },
  ],
});
const CONFIG = `version: 1
project: proj_parityxxxxxxxxxxxxxx
environments:
  staging:
    envVars:
      HOOK: { fromEnv: STAGING_HOOK, secret: true }
      KEY: { fromEnv: STAGING_KEY, secret: true }
  prod:
    envVars:
      HOOK: { fromEnv: PROD_HOOK, secret: true }
      KEY: { fromEnv: PROD_KEY, secret: true }
`;
const values = { STAGING_HOOK: SECRET_SAME, STAGING_KEY: SECRET_DEV, PROD_HOOK: SECRET_SAME, PROD_KEY: SECRET_PROD };

beforeAll(async () => {
  emulator = await startEmulator({ seed: seed(), rateLimit: false });
  cwd = workdir({ "trigger-iac.yaml": CONFIG });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.clearRequests());

describe("trigger-iac parity", () => {
  const run = (args: string[]) => runInProcess(["parity", ...args], { cwd, env: { ...emulatorEnv(emulator), ...values } });

  it("reads exactly what plan reads, and prints the matrix as JSON", async () => {
    const planned = await runInProcess(["plan", "--format", "json"], { cwd, env: { ...emulatorEnv(emulator), ...values } });
    expect(planned.code).toBe(0);
    const planRequests = emulator.requests.map((r) => `${r.method} ${r.path}`).sort();
    emulator.clearRequests();
    const result = await run(["--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const parityRequests = emulator.requests.map((r) => `${r.method} ${r.path}`).sort();
    expect(parityRequests).toEqual(planRequests);
    // Per environment: the env var list and the runtime read (secret values to compare), nothing else.
    expect(parityRequests).toHaveLength(4);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ formatVersion: 1, project: "proj_parityxxxxxxxxxxxxxx", environments: ["staging", "prod"] });
    const cells = Object.fromEntries(json.rows.map((r: { address: string; cells: unknown }) => [r.address, r.cells]));
    expect(cells).toEqual({
      "envVars.EXTRA": { staging: { state: "present" }, prod: { state: "missing" } },
      "envVars.HOOK": { staging: { state: "same" }, prod: { state: "same" } },
      "envVars.KEY": { staging: { state: "differs", group: "A" }, prod: { state: "differs", group: "B" } },
      "envVars.LOG_LEVEL": { staging: { state: "differs", group: "A" }, prod: { state: "differs", group: "B" } },
    });
  });

  it("prints text and Markdown, never a secret value", async () => {
    const text = await run([]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^envVars\.KEY\s+differs\s+differs$/m);
    expect(text.stdout).toContain("3 of 4 settings differ between staging, prod.");
    const markdown = await run(["--format", "markdown"]);
    expect(markdown.stdout.startsWith("### trigger-iac parity: proj\\_parityxxxxxxxxxxxxxx")).toBe(true);
    expect(markdownToHtml(markdown.stdout)).toContain("<td>envVars.LOG_LEVEL</td>");
    for (const out of [text.stdout, text.stderr, markdown.stdout, markdown.stderr]) {
      for (const secret of [SECRET_SAME, SECRET_DEV, SECRET_PROD, "info", "warn"]) expect(out).not.toContain(secret);
    }
  });

  it("is in the Markdown plan as a collapsed section, from the plan's own reads", async () => {
    const planned = await runInProcess(["plan", "--format", "markdown"], { cwd, env: { ...emulatorEnv(emulator), ...values } });
    expect(planned.code).toBe(0);
    expect(emulator.requests).toHaveLength(4);
    const html = markdownToHtml(planned.stdout);
    expect(html).toContain("<details><summary><strong>Parity across environments</strong>: 3 of 4 settings differ between staging, prod.</summary>");
    for (const secret of [SECRET_SAME, SECRET_DEV, SECRET_PROD]) expect(planned.stdout).not.toContain(secret);
  });
});

// Through a preview branch (TRIGGER_PREVIEW_BRANCH): the variables the branch inherits from the preview
// environment are `inherited`; their values still decide whether the other environments' cells are the same.
describe("trigger-iac parity through a preview branch", () => {
  const PAT = "tr_pat_parityBranch00000000000000000000000000";
  const branchSeed: EmulatorSeed = {
    personalAccessTokens: [{ token: PAT }],
    projects: [
      {
        ref: "proj_paritybranchxxxxxxxx",
        environments: {
          staging: { apiKey: "tr_stg_parityBranchStaging000000", envVars: { SHARED: "one", LOG_LEVEL: "info", OWN: "own" } },
          preview: { apiKey: "tr_preview_parityBranch00000001", branches: ["feature-x"], envVars: { SHARED: "one", LOG_LEVEL: "debug" }, branchEnvVars: { "feature-x": { OWN: "own" } } },
        },
      },
    ],
  };
  const config = `version: 1
project: proj_paritybranchxxxxxxxx
environments:
  staging:
    envVars: {}
  preview:
    envVars: {}
`;

  it("marks inherited cells, compares their values, and reads what plan reads", async () => {
    const branchEmulator = await startEmulator({ seed: branchSeed, rateLimit: false });
    try {
      const dir = workdir({ "trigger-iac.yaml": config });
      const env = { TRIGGER_API_URL: branchEmulator.url, TRIGGER_ACCESS_TOKEN: PAT, TRIGGER_PREVIEW_BRANCH: "feature-x" };
      const planned = await runInProcess(["plan", "--format", "json"], { cwd: dir, env });
      expect(planned.code).toBe(0);
      const planRequests = branchEmulator.requests.map((r) => `${r.method} ${r.path} ${r.branch ?? ""}`).sort();
      branchEmulator.clearRequests();
      const result = await runInProcess(["parity", "--format", "json"], { cwd: dir, env });
      expect(result.stderr).toBe("");
      expect(branchEmulator.requests.map((r) => `${r.method} ${r.path} ${r.branch ?? ""}`).sort()).toEqual(planRequests);
      const json = JSON.parse(result.stdout);
      expect(json.branches).toEqual({ preview: "feature-x" });
      const rows = Object.fromEntries(json.rows.map((r: { address: string; differs: boolean; cells: unknown }) => [r.address, [r.differs, r.cells]]));
      expect(rows).toEqual({
        "envVars.LOG_LEVEL": [true, { staging: { state: "differs", group: "A" }, preview: { state: "inherited" } }],
        "envVars.OWN": [false, { staging: { state: "same" }, preview: { state: "same" } }],
        "envVars.SHARED": [false, { staging: { state: "same" }, preview: { state: "inherited" } }],
      });
      const text = await runInProcess(["parity"], { cwd: dir, env });
      expect(text.stdout).toMatch(/^SETTING\s+staging\s+preview \(branch feature-x\)$/m);
      expect(text.stdout).toMatch(/^envVars\.LOG_LEVEL\s+differs\s+inherited$/m);
      expect(text.stdout).toContain("1 of 3 settings differ between staging, preview (branch feature-x).");
    } finally {
      await branchEmulator.close();
    }
  });
});
