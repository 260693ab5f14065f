import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed, SeedEnvironment } from "../src/testing.js";
import { runInProcess, workdir } from "./helpers/cli-harness.js";

// product.md, Credentials: a key must belong to the file's project. Before the first write (and before a plan is
// shown) every selected environment's credential is proved to belong to that project; a foreign key is exit 1,
// zero writes. The proof reuses a request the plan makes anyway (env var list, worker lookup) where there is one.

const OWNER = "proj_bindingownerxxxxxxxxx";
const FOREIGN = "proj_bindingforeignxxxxxxx";
const KEYS = { owner: "tr_prod_bindingOwnerProdKey0001", foreign: "tr_prod_bindingForeignProdKey01", ownerStg: "tr_stg_bindingOwnerStgKey00001" };
const PAT = "tr_pat_bindingAccessToken000000000000000000";

function environment(apiKey: string, schedules: SeedEnvironment["schedules"] = []): SeedEnvironment {
  return {
    apiKey,
    deployments: [
      {
        version: "20261101.1",
        createdAt: "2026-11-01T00:00:00.000Z",
        tasks: [{ id: "cleanup", scheduled: true }, { id: "send-email", concurrencyLimit: 10 }],
      },
      { version: "20261102.1", createdAt: "2026-11-02T00:00:00.000Z", tasks: [{ id: "cleanup", scheduled: true }, { id: "send-email" }] },
    ],
    current: "20261101.1",
    envVars: { LOG_LEVEL: "info" },
    schedules,
  };
}

const seed: EmulatorSeed = {
  personalAccessTokens: [{ token: PAT, projects: [OWNER] }],
  projects: [
    { ref: OWNER, environments: { prod: environment(KEYS.owner), staging: environment(KEYS.ownerStg) } },
    // The other project: what a foreign key would silently change (schedules pruned, queues, promotion).
    { ref: FOREIGN, environments: { prod: environment(KEYS.foreign, [{ task: "cleanup", cron: "0 1 * * *", deduplicationKey: "iac:prod:old" }]) } },
  ],
};

// No env vars declared: before the fix, nothing in the plan named the project, and apply wrote to FOREIGN.
const NO_ENV_VARS = `version: 1
project: ${OWNER}
environments:
  prod:
    prune: { schedules: true }
    deployment: { version: "20261102.1" }
    queues:
      tasks:
        send-email: { concurrencyLimit: 20 }
    schedules:
      nightly: { task: cleanup, cron: "0 3 * * *" }
`;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed });
});
afterAll(async () => {
  await emulator.close();
});

const run = (argv: string[], config: string, env: Record<string, string>) =>
  runInProcess(argv, { cwd: workdir({ "trigger-iac.yaml": config }), env: { TRIGGER_API_URL: emulator.url, ...env } });
const foreignState = () => JSON.stringify(emulator.admin.snapshot().projects.find((p) => p.ref === FOREIGN));
const writes = () => emulator.requests.filter((r) => r.method !== "GET");
const paths = () => emulator.requests.map((r) => `${r.method} ${r.path.replace(/\?.*$/, "")}`);

describe("a key from another project never writes", () => {
  test("plan: exit 1 naming the variable and the file's project, before any plan is shown", async () => {
    emulator.clearRequests();
    const result = await run(["plan"], NO_ENV_VARS, { TRIGGER_SECRET_KEY_PROD: KEYS.foreign });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("TRIGGER_SECRET_KEY_PROD belongs to another project");
    expect(result.stderr).toContain(OWNER);
    expect(result.stderr).toContain("Invalid project ref for this API key");
    expect(result.stdout).not.toContain("prod.schedules");
    expect(result.stdout).not.toContain("Plan:");
    expect(`${result.stdout}${result.stderr}`).not.toContain(KEYS.foreign);
    expect(writes()).toEqual([]);
  });

  test("apply --auto-approve: exit 1, zero writes, the other project unchanged", async () => {
    const before = foreignState();
    emulator.clearRequests();
    const result = await run(["apply", "--auto-approve"], NO_ENV_VARS, { TRIGGER_SECRET_KEY_PROD: KEYS.foreign });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("TRIGGER_SECRET_KEY_PROD belongs to another project");
    expect(result.stderr).toContain("Nothing was written");
    expect(writes()).toEqual([]);
    expect(foreignState()).toBe(before);
  });

  test("TRIGGER_SECRET_KEY (one environment) is named as such", async () => {
    emulator.clearRequests();
    const result = await run(["apply", "--auto-approve"], NO_ENV_VARS, { TRIGGER_SECRET_KEY: KEYS.foreign });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("TRIGGER_SECRET_KEY belongs to another project");
    expect(writes()).toEqual([]);
  });

  test("only queues declared: the one request added is the env var list, and it refuses the foreign key", async () => {
    const queuesOnly = `version: 1\nproject: ${OWNER}\nenvironments:\n  prod:\n    queues:\n      tasks:\n        send-email: { concurrencyLimit: 20 }\n`;
    emulator.clearRequests();
    const refused = await run(["apply", "--auto-approve"], queuesOnly, { TRIGGER_SECRET_KEY_PROD: KEYS.foreign });
    expect(refused.code).toBe(1);
    expect(writes()).toEqual([]);
    emulator.clearRequests();
    const plan = await run(["plan"], queuesOnly, { TRIGGER_SECRET_KEY_PROD: KEYS.owner });
    expect(plan.code).toBe(0);
    expect(paths().sort()).toEqual([`GET /api/v1/projects/${OWNER}/envvars/prod`, "GET /api/v1/queues"]);
  });
});

describe("the proof costs no request where the plan reads the project anyway", () => {
  test("schedules declared: the worker lookup proves it (no env var list added)", async () => {
    emulator.clearRequests();
    const result = await run(["plan"], NO_ENV_VARS, { TRIGGER_SECRET_KEY_PROD: KEYS.owner });
    expect(result.code, result.stderr).toBe(0);
    expect(paths().filter((p) => p.includes("/envvars"))).toEqual([]);
    expect(paths()).toContain(`GET /api/v1/projects/${OWNER}/background-workers/prod/20261102.1`);
  });

  test("env vars declared: the env var list proves it, read once", async () => {
    const withVars = NO_ENV_VARS.replace("    queues:", "    envVars:\n      LOG_LEVEL: info\n    queues:");
    emulator.clearRequests();
    const result = await run(["plan"], withVars, { TRIGGER_SECRET_KEY_PROD: KEYS.owner });
    expect(result.code, result.stderr).toBe(0);
    expect(paths().filter((p) => p.includes("/envvars"))).toEqual([`GET /api/v1/projects/${OWNER}/envvars/prod`]);
  });

  test("a personal access token needs no proof: its requests name the project", async () => {
    const queuesOnly = `version: 1\nproject: ${OWNER}\nenvironments:\n  prod:\n    queues:\n      tasks:\n        send-email: { concurrencyLimit: 20 }\n`;
    emulator.clearRequests();
    const result = await run(["plan"], queuesOnly, { TRIGGER_ACCESS_TOKEN: PAT });
    expect(result.code, result.stderr).toBe(0);
    expect(paths().sort()).toEqual([`GET /api/v1/projects/${OWNER}/prod`, "GET /api/v1/queues"]);
  });

  test("the right keys apply and converge", async () => {
    const env = { TRIGGER_SECRET_KEY_PROD: KEYS.owner };
    const applied = await run(["apply", "--auto-approve"], NO_ENV_VARS, env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const again = await run(["plan", "--detailed-exitcode"], NO_ENV_VARS, env);
    expect(again.code, again.stdout).toBe(0);
  });
});
