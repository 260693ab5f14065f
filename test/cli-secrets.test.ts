import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed } from "../src/emulator/types.js";
import { emulatorEnv, runInProcess, workdir, type CliRun } from "./helpers/cli-harness.js";

// The secret scan: secret values from the config (fromEnv) and from live state, and every credential, must
// appear in no output of any command: stdout, stderr, --out files, import files, progress and error lines.
const LIVE_SECRETS = ["sk_live_LIVESECRET_1111", "https://hooks.example/LIVE-SLACK-2222", "live-downgraded-secret-3333"];
const CONFIG_SECRETS = { SLACK_URL_VALUE: "https://hooks.example/NEW-SLACK-4444", NEW_SECRET_VALUE: "brand-new-secret-5555" };
const KEYS = { staging: "tr_stg_secretScanStagingKey00000", prod: "tr_prod_secretScanProdKey0000000" };
const PAT = "tr_pat_secretScanAccessToken0000000000000";

const seed: EmulatorSeed = {
  personalAccessTokens: [{ token: PAT }],
  projects: [
    {
      ref: "proj_secretscan",
      environments: {
        staging: { apiKey: KEYS.staging, envVars: { STRIPE_KEY: { value: LIVE_SECRETS[0], secret: true } } },
        prod: {
          apiKey: KEYS.prod,
          envVars: {
            STRIPE_KEY: { value: LIVE_SECRETS[0], secret: true },
            SLACK_URL: { value: LIVE_SECRETS[1], secret: true },
            DOWNGRADED: { value: LIVE_SECRETS[2], secret: true },
            PLAIN: "visible-plain",
          },
        },
      },
    },
  ],
};

const CONFIG = `version: 1
project: proj_secretscan
environments:
  staging:
    envVars:
      STRIPE_KEY: { exists: true, secret: true }
  prod:
    envVars:
      STRIPE_KEY: { exists: true, secret: true }
      SLACK_URL: { fromEnv: SLACK_URL_VALUE, secret: true }
      NEW_SECRET: { fromEnv: NEW_SECRET_VALUE, secret: true }
      DOWNGRADED: { fromEnv: DOWNGRADED_VALUE }
      PLAIN: visible-plain-changed
`;
// DOWNGRADED is declared plain but is secret live: its value is not secret by the file's word, but it
// replaces a secret, and with the flag change it is shown masked; the live value is secret.
const DOWNGRADED_VALUE = "plain-now-6666";
const FORBIDDEN = [...LIVE_SECRETS, ...Object.values(CONFIG_SECRETS), KEYS.staging, KEYS.prod, PAT];

let emulator: Emulator;
let cwd: string;
let env: Record<string, string>;
const outputs: { what: string; text: string }[] = [];

function record(what: string, run: CliRun): CliRun {
  outputs.push({ what: `${what} stdout`, text: run.stdout }, { what: `${what} stderr`, text: run.stderr });
  return run;
}

function scan(): string[] {
  // The CLI's last-resort redactor replaces any known secret with "[redacted]": the layers below must not
  // have needed it, so its mark counts as a leak too.
  const marks = outputs.filter((o) => o.text.includes("[redacted]")).map((o) => `${o.what} needed the redactor`);
  const files = readdirSync(cwd).filter((f) => f !== "trigger-iac.yaml");
  const all = [...outputs, ...files.map((f) => ({ what: `file ${f}`, text: readFileSync(join(cwd, f), "utf8") }))];
  return [...marks, ...all.flatMap(({ what, text }) => FORBIDDEN.filter((s) => text.includes(s)).map((s) => `${what} contains ${s}`))];
}

beforeAll(async () => {
  emulator = await startEmulator({ seed });
  cwd = workdir({ "trigger-iac.yaml": CONFIG });
  env = emulatorEnv(emulator, { ...CONFIG_SECRETS, DOWNGRADED_VALUE });
});
afterAll(async () => {
  await emulator?.close();
});

describe("no secret value or credential in any output", () => {
  it("validate, plan in every format, --show-values and --out", async () => {
    expect(record("validate", await runInProcess(["validate"], { cwd, env })).code).toBe(0);
    for (const format of ["text", "markdown", "json"]) {
      const run = record(`plan ${format}`, await runInProcess(["plan", "--format", format, "--show-values", "--out", `plan-${format}.json`], { cwd, env }));
      expect(run.code).toBe(0);
    }
    const text = outputs.find((o) => o.what === "plan text stdout")!.text;
    // Secret changes are visible as changes, never as values; the plain value is shown with --show-values.
    expect(text).toContain("prod.envVars.SLACK_URL (update)");
    expect(text).toContain("(sensitive value changed)");
    expect(text).toContain("prod.envVars.NEW_SECRET (create)");
    expect(text).toContain("visible-plain-changed");
    expect(text).toMatch(/DOWNGRADED[\s\S]*secret/);
    expect(text).not.toContain(DOWNGRADED_VALUE);
    expect(scan()).toEqual([]);
  });

  it("apply progress lines (plain and terminal), failures and the second plan", async () => {
    // An apply that fails on the secret import: the error line must not carry the value.
    const failing = await startEmulator({
      seed,
      faults: [{ kind: "500", probability: 1, method: "POST", pathPrefix: "/api/v1/projects/proj_secretscan/envvars/prod/import" }],
    });
    try {
      const failEnv = emulatorEnv(failing, { ...CONFIG_SECRETS, DOWNGRADED_VALUE });
      const run = record("failing apply", await runInProcess(["apply", "--auto-approve"], { cwd, env: failEnv }));
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("importEnvVars(secret)");
    } finally {
      await failing.close();
    }
    const applied = record("apply tty", await runInProcess(["apply"], { cwd, env, isTTY: true, input: "yes\n" }));
    expect(applied.code).toBe(0);
    const again = record("plan after apply", await runInProcess(["plan", "--detailed-exitcode", "--show-values", "--format", "json"], { cwd, env }));
    expect(again.code).toBe(0);
    expect(scan()).toEqual([]);
  });

  it("import, to stdout and to a file, with a PAT", async () => {
    const patEnv = emulatorEnv(emulator, {}, true);
    const toStdout = record("import", await runInProcess(["import", "--project", "proj_secretscan", "--env", "prod", "--env", "staging"], { cwd, env: patEnv }));
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout).toContain("fromEnv: PROD_SLACK_URL");
    expect(toStdout.stderr).toContain("PROD_SLACK_URL");
    const toFile = record("import -o", await runInProcess(["import", "--project", "proj_secretscan", "--env", "prod", "-o", "imported.yaml"], { cwd, env: patEnv }));
    expect(toFile.code).toBe(0);
    expect(readFileSync(join(cwd, "imported.yaml"), "utf8")).toContain("secret: true");
    expect(scan()).toEqual([]);
  });

  it("error paths: a bad key, a config error next to secret values, an internal error", async () => {
    const wrong = record("wrong key", await runInProcess(["plan"], { cwd, env: { ...env, TRIGGER_SECRET_KEY_STAGING: KEYS.prod } }));
    expect(wrong.code).toBe(1);
    const badDir = workdir({ "trigger-iac.yaml": CONFIG.replace("PLAIN: visible-plain-changed", "PLAIN: [not, a, string]") });
    const bad = await runInProcess(["plan"], { cwd: badDir, env });
    record("config error", bad);
    expect(bad.code).toBe(1);
    const debug = record("debug plan", await runInProcess(["plan", "--format", "json"], { cwd, env: { ...env, TRIGGER_IAC_DEBUG: "1" } }));
    expect(debug.code).toBe(0);
    expect(scan()).toEqual([]);
  });
});
