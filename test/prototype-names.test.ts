import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateConfigText } from "../src/config/index.js";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { runInProcess, workdir } from "./helpers/cli-harness.js";

/*
 * Names that are JavaScript's own (issue 9 §8): as config names, fromEnv names, environment names and
 * server-side names they are ordinary names, end to end: validated, planned, applied, imported.
 */

const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty"];
const KEY = "tr_prod_prototypeNamesKey0000000";
const PAT = "tr_pat_prototypeNamesToken000000000000000";
const PROJECT = "proj_prototypenames";

describe("JavaScript's own names in the config", () => {
  it("as env var names, schedule keys and queue names: kept, with positions", () => {
    const text = `version: 1
project: ${PROJECT}
environments:
  prod:
    envVars:
${NAMES.map((n) => `      ${n}: v-${n}`).join("\n")}
    schedules:
${NAMES.map((n, i) => `      ${n}: { task: t, cron: "0 ${i} * * *" }`).join("\n")}
    queues:
      tasks:
${NAMES.map((n) => `        ${n}: { concurrencyLimit: 3 }`).join("\n")}
`;
    const result = validateConfigText(text, "names.yaml", {});
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
    const prod = result.desired!.environments[0]!;
    expect(Object.keys(prod.envVars!).sort()).toEqual([...NAMES].sort());
    expect(Object.keys(prod.schedules!).sort()).toEqual([...NAMES].sort());
    expect(prod.queues!.map((q) => q.name).sort()).toEqual([...NAMES].sort());
    expect(prod.envVars!.__proto__).toMatchObject({ name: "__proto__", value: "v-__proto__", source: { file: "names.yaml", line: 6 } });
  });

  it("as fromEnv names: read from the environment when set, a located error when not", () => {
    const text = `version: 1
project: ${PROJECT}
environments:
  prod:
    envVars:
${NAMES.map((n, i) => `      VAR_${i}: { fromEnv: ${n} }`).join("\n")}
`;
    const unset = validateConfigText(text, "from.yaml", {});
    expect(unset.issues.map((i) => `${i.line}:${i.col} ${i.message.split(" (")[0]}`)).toEqual(
      NAMES.map((n, i) => `${6 + i}:25 environment variable ${n} is not set`),
    );
    const env = Object.fromEntries(NAMES.map((n) => [n, `value-of-${n}`]));
    const set = validateConfigText(text, "from.yaml", env);
    expect(set.issues).toEqual([]);
    expect(NAMES.map((_, i) => (set.desired!.environments[0]!.envVars![`VAR_${i}`] as { value: string }).value)).toEqual(NAMES.map((n) => `value-of-${n}`));
  });

  it("as environment names: 'unknown environment', with no bogus suggestion", () => {
    for (const name of NAMES) {
      const result = validateConfigText(`version: 1\nproject: ${PROJECT}\nenvironments:\n  ${name}:\n    envVars: { A: b }\n`, "env.yaml", {});
      expect(result.issues.map((i) => `${i.line}:${i.col} ${i.message}`)).toEqual([
        `4:3 unknown environment '${name}': environments are dev, staging, prod and preview`,
      ]);
    }
  });
});

describe("JavaScript's own names on the server, end to end", () => {
  let emulator: Emulator;
  let cwd: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: {
        personalAccessTokens: [{ token: PAT }],
        projects: [
          {
            ref: PROJECT,
            environments: {
              prod: {
                apiKey: KEY,
                envVars: Object.fromEntries([...NAMES.map((n) => [n, `live-${n}`]), ["valueOf", "live-valueOf"]]),
              },
            },
          },
        ],
      },
    });
    // Declares three of the names (one changed, one from a variable called `toString`), prunes the rest.
    cwd = workdir({
      "trigger-iac.yaml": `version: 1
project: ${PROJECT}
environments:
  prod:
    prune: { envVars: true }
    envVars:
      __proto__: live-__proto__
      constructor: changed
      toString: { fromEnv: hasOwnProperty }
`,
    });
    env = { TRIGGER_API_URL: emulator.url, TRIGGER_SECRET_KEY_PROD: KEY, hasOwnProperty: "live-toString" };
  });
  afterAll(() => emulator.close());

  it("plan lists each name once, with the right action", async () => {
    const run = await runInProcess(["plan", "--no-color", "--format", "json"], { cwd, env });
    expect(run.stderr).toBe("");
    const plan = JSON.parse(run.stdout) as { changes: { address: string; action: string }[] };
    const actions = Object.fromEntries(plan.changes.map((c) => [c.address, c.action]));
    expect(actions).toEqual({
      "prod.envVars.__proto__": "noop",
      "prod.envVars.constructor": "update",
      "prod.envVars.hasOwnProperty": "delete",
      "prod.envVars.toString": "noop",
      "prod.envVars.valueOf": "delete",
    });
  });

  it("apply converges: the next plan has no changes", async () => {
    const applied = await runInProcess(["apply", "--auto-approve", "--no-color"], { cwd, env });
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    const again = await runInProcess(["plan", "--detailed-exitcode"], { cwd, env });
    expect(again.code).toBe(0);
  });

  it("import writes the names as ordinary keys", async () => {
    const run = await runInProcess(["import", "--project", PROJECT, "--env", "prod", "-o", "imported.yaml"], {
      cwd,
      env: { TRIGGER_API_URL: emulator.url, TRIGGER_ACCESS_TOKEN: PAT },
    });
    expect(run.code).toBe(0);
    const text = readFileSync(join(cwd, "imported.yaml"), "utf8");
    expect(text).toMatch(/__proto__: live-__proto__/);
    expect(text).toMatch(/constructor: changed/);
    expect(text).toMatch(/toString: live-toString/);
    const back = validateConfigText(text, "imported.yaml", {});
    expect(Object.keys(back.desired!.environments[0]!.envVars!).sort()).toEqual(["__proto__", "constructor", "toString"]);
  });
});
