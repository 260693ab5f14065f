import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed, RequestLogEntry, SeedEnvironment } from "../src/emulator/types.js";
import { emulatorEnv, runInProcess, workdir } from "./helpers/cli-harness.js";

// The fewest requests: 3 environments x (300 env vars, 120 schedules, 60 queues), counted from the emulator's
// request log while `trigger-iac plan` runs end to end.
const ENVS = ["dev", "staging", "prod"] as const;
const PREFIX = { dev: "tr_dev_", staging: "tr_stg_", prod: "tr_prod_" } as const;
const PROJECT = "proj_requestcounts";
const VARS = 300;
const SCHEDULES = 120;
const QUEUES = 60;

function seedEnvironment(env: (typeof ENVS)[number]): SeedEnvironment {
  // 59 plain tasks plus the scheduled one: 60 task queues.
  const tasks = [
    { id: "tick", scheduled: true },
    ...Array.from({ length: QUEUES - 1 }, (_, i) => ({ id: `task-${String(i).padStart(2, "0")}`, concurrencyLimit: 10 })),
  ];
  return {
    apiKey: `${PREFIX[env]}requestCounts${env.padEnd(11, "0")}`,
    deployments: [
      { version: "20261101.1", createdAt: "2026-11-01T00:00:00.000Z", tasks },
      { version: "20261102.1", createdAt: "2026-11-02T00:00:00.000Z", tasks },
    ],
    current: "20261102.1",
    envVars: {
      ...Object.fromEntries(Array.from({ length: VARS }, (_, i) => [`VAR_${i}`, `value-${i}`])),
      SECRET_ONE: { value: "the-live-secret", secret: true },
    },
    schedules: Array.from({ length: SCHEDULES }, (_, i) => ({ task: "tick", cron: `${i % 60} * * * *`, deduplicationKey: `iac:${env}:s${i}` })),
  };
}

const seed: EmulatorSeed = {
  personalAccessTokens: [{ token: "tr_pat_requestCountsToken000000000000000" }],
  projects: [{ ref: PROJECT, environments: Object.fromEntries(ENVS.map((e) => [e, seedEnvironment(e)])) }],
};

/** A config that matches the seed exactly; `withSecret` declares the secret with a value in prod. */
function config(options: { withSecret?: boolean; version?: string; only?: "envVars" } = {}): string {
  const lines = ["version: 1", `project: ${PROJECT}`, "environments:"];
  for (const env of ENVS) {
    lines.push(`  ${env}:`, "    envVars:");
    for (let i = 0; i < VARS; i++) lines.push(`      VAR_${i}: value-${i}`);
    lines.push(
      options.withSecret && env === "prod"
        ? "      SECRET_ONE: { fromEnv: SECRET_ONE_VALUE, secret: true }"
        : "      SECRET_ONE: { exists: true, secret: true }",
    );
    if (options.only === "envVars") continue;
    lines.push(`    deployment: { version: "${options.version ?? "20261102.1"}" }`, "    queues:", "      tasks:");
    lines.push("        tick: { concurrencyLimit: null }");
    for (let i = 0; i < QUEUES - 1; i++) lines.push(`        task-${String(i).padStart(2, "0")}: { concurrencyLimit: null }`);
    lines.push("    schedules:");
    for (let i = 0; i < SCHEDULES; i++) lines.push(`      s${i}: { task: tick, cron: "${i % 60} * * * *" }`);
  }
  return `${lines.join("\n")}\n`;
}

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed });
});
afterAll(async () => {
  await emulator?.close();
});

/** Requests grouped as `METHOD path-kind` per environment (key lookups are found by their path). */
function count(requests: readonly RequestLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) {
    let kind: string;
    let env: string | undefined = r.environment;
    if (/^\/api\/v1\/projects\/[^/]+\/envvars\/[^/]+$/.test(r.path)) {
      kind = "envvars list";
      env = { dev: "dev", stg: "staging", prod: "prod" }[r.path.split("/").pop() as string];
    } else if (/^\/api\/v1\/projects\/[^/]+\/envvars$/.test(r.path)) kind = "envvars runtime";
    else if (/^\/api\/v1\/projects\/[^/]+\/(dev|staging|prod|preview)$/.test(r.path)) {
      kind = "key lookup";
      env = r.path.split("/").pop();
    } else if (r.path === "/api/v1/schedules") kind = `schedules page ${r.query.page}`;
    else if (r.path === "/api/v1/queues") kind = `queues page ${r.query.page}`;
    else if (r.path === "/api/v1/deployments/current") kind = "current";
    else if (r.path === "/api/v1/deployments") kind = "deployments list";
    else if (/^\/api\/v1\/projects\/[^/]+\/background-workers\//.test(r.path)) {
      kind = "worker";
      env = { dev: "dev", stg: "staging", prod: "prod" }[r.path.split("/")[6] as string];
    }
    else kind = `other ${r.path}`;
    const key = `${env ?? "?"} ${r.method} ${kind}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const perEnvironment = (extra: (env: string) => string[] = () => []) =>
  Object.fromEntries(
    ENVS.flatMap((env) =>
      [
        `${env} GET envvars list`,
        `${env} GET schedules page 1`,
        `${env} GET schedules page 2`,
        `${env} GET queues page 1`,
        `${env} GET current`,
        // The tasks of the declared version, to check the schedules' tasks at plan time.
        `${env} GET worker`,
        ...extra(env),
      ].map((k) => [k, 1]),
    ),
  );

async function plan(text: string, env: Record<string, string>) {
  emulator.clearRequests();
  const cwd = workdir({ "trigger-iac.yaml": text });
  const run = await runInProcess(["plan", "--format", "json", "--detailed-exitcode"], { cwd, env });
  return { run, counts: count(emulator.requests) };
}

describe("readLive request counts", () => {
  it("with secret keys: per environment 1 env var list, 2 schedule pages, 1 queue page, 1 current, 1 worker", async () => {
    const { run, counts } = await plan(config(), emulatorEnv(emulator));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0); // everything read, everything matched: a clean plan
    expect(counts).toEqual(perEnvironment());
    expect(emulator.requests.every((r) => r.method === "GET" && r.status === 200)).toBe(true);
  });

  it("with a PAT: one key lookup more per environment, and the runtime read only where secrets have values", async () => {
    const env = emulatorEnv(emulator, { SECRET_ONE_VALUE: "the-live-secret" }, true);
    const { run, counts } = await plan(config({ withSecret: true }), env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(counts).toEqual(perEnvironment((e) => [`${e} GET key lookup`, ...(e === "prod" ? ["prod GET envvars runtime"] : [])]));
    // The runtime read's built-ins (TRIGGER_*, OTEL_*) never become variables of the live state.
    const addresses: string[] = JSON.parse(run.stdout).changes.map((c: { address: string }) => c.address);
    expect(addresses.filter((a) => /\.envVars\.(TRIGGER_|OTEL_)/.test(a))).toEqual([]);
  });

  it("a changed secret is seen through the one runtime read", async () => {
    const env = emulatorEnv(emulator, { SECRET_ONE_VALUE: "rotated" });
    const { run, counts } = await plan(config({ withSecret: true }), env);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).changes.filter((c: { action: string }) => c.action === "update").map((c: { address: string }) => c.address)).toEqual([
      "prod.envVars.SECRET_ONE",
    ]);
    expect(counts).toEqual(perEnvironment((e) => (e === "prod" ? ["prod GET envvars runtime"] : [])));
  });

  it("a declared version that is not current costs one deployment lookup and the current version's worker", async () => {
    const { run, counts } = await plan(config({ version: "20261101.1" }), emulatorEnv(emulator));
    expect(run.code).toBe(2);
    // The declared version's worker serves both the schedule check and the promotion's task list; the current
    // version's worker is the other side of "tasks added and removed".
    expect(counts).toEqual({ ...perEnvironment((e) => [`${e} GET deployments list`]), "dev GET worker": 2, "staging GET worker": 2, "prod GET worker": 2 });
  });

  it("collections that are not declared are not read at all", async () => {
    const { run, counts } = await plan(config({ only: "envVars" }), emulatorEnv(emulator));
    expect(run.code).toBe(0);
    expect(counts).toEqual({ "dev GET envvars list": 1, "staging GET envvars list": 1, "prod GET envvars list": 1 });
  });
});
