import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { startEmulator } from "../../src/testing.js";
import type { Emulator, EmulatorSeed, SeedDeployment } from "../../src/emulator/types.js";

/** What one in-process CLI run printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runInProcess}. */
export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  isTTY?: boolean;
  /** Lines typed on stdin (for the apply prompt). */
  input?: string;
  /** Client retries (default: none, so injected faults fail at once). */
  retry?: false | { maxAttempts: number; minDelayMs?: number; maxDelayMs?: number };
}

/** Runs the CLI entry in-process with captured streams (real HTTP to the emulator underneath). */
export async function runInProcess(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  if (options.input !== undefined) stdin.end(options.input);
  else stdin.end();
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    isTTY: options.isTTY ?? false,
    clientOptions: { retry: options.retry ?? false },
  });
  return { code, stdout, stderr };
}

/** The environment a CLI run needs to reach `emulator` with secret keys (no PAT unless asked). */
export function emulatorEnv(emulator: Emulator, extra: Record<string, string> = {}, usePat = false): Record<string, string> {
  const { credentials } = emulator;
  const env: Record<string, string> = { TRIGGER_API_URL: emulator.url, ...extra };
  if (usePat) env.TRIGGER_ACCESS_TOKEN = credentials.accessToken;
  else {
    env.TRIGGER_SECRET_KEY_DEV = credentials.secretKeys.dev;
    env.TRIGGER_SECRET_KEY_STAGING = credentials.secretKeys.staging;
    env.TRIGGER_SECRET_KEY_PROD = credentials.secretKeys.prod;
    env.TRIGGER_SECRET_KEY_PREVIEW = credentials.secretKeys.preview;
  }
  for (const [k, v] of Object.entries(env)) if (!v) delete env[k];
  return env;
}

const workdirs: string[] = [];
// Registered in the suite of every test file that imports this harness: its directories go when it ends.
afterAll(() => {
  for (const dir of workdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory with the given files written into it, removed after the test file. */
export function workdir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "trigger-iac-cli-"));
  workdirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Keys of the fixture project (emulator-only, made up). */
export const FIXTURE_KEYS = {
  staging: "tr_stg_fixtureStagingKey00000000",
  prod: "tr_prod_fixtureProdKey0000000000",
};
export const FIXTURE_PROJECT = "proj_fixturekinds";

const fixtureDeployment = (version: string, createdAt: string): SeedDeployment => ({
  version,
  createdAt,
  tasks: [
    { id: "cleanup", scheduled: true },
    { id: "report-a", scheduled: true },
    { id: "report-b", scheduled: true },
    { id: "digest", scheduled: true },
    { id: "heartbeat", scheduled: true, cron: "*/10 * * * *" },
    { id: "send-email", concurrencyLimit: 10 },
    { id: "resize", concurrencyLimit: 5 },
    { id: "export", concurrencyLimit: 3 },
  ],
  queues: [{ name: "shared", concurrencyLimit: 4 }],
});

/**
 * A project with drift of every action in every kind, against {@link KINDS_CONFIG}:
 * env vars: create NEW_VAR, update LOG_LEVEL, delete OLD_VAR (prod prunes), noop SAME, unmanaged staging EXTRA;
 * schedules: create fresh, update nightly (cron), replace weekly (task), delete gone (prune), noop steady,
 * unmanaged user-keyed; queues: update send-email, noop resize, delete (= reset) export (prod prunes queues),
 * unmanaged staging export; deployment: update prod (promotion), noop staging.
 */
export function kindsSeed(): EmulatorSeed {
  return {
    personalAccessTokens: [{ token: "tr_pat_fixtureAccessToken0000000000000000" }],
    projects: [
      {
        ref: FIXTURE_PROJECT,
        environments: {
          staging: {
            apiKey: FIXTURE_KEYS.staging,
            deployments: [fixtureDeployment("20261101.1", "2026-11-01T00:00:00.000Z")],
            current: "20261101.1",
            envVars: { LOG_LEVEL: "info", EXTRA: "keep-me" },
            queues: [{ type: "task", name: "export", override: 2, overriddenBy: "Bob" }],
          },
          prod: {
            apiKey: FIXTURE_KEYS.prod,
            deployments: [fixtureDeployment("20261101.1", "2026-11-01T00:00:00.000Z"), fixtureDeployment("20261102.1", "2026-11-02T00:00:00.000Z")],
            current: "20261101.1",
            envVars: { LOG_LEVEL: "debug", OLD_VAR: "old", SAME: "same" },
            schedules: [
              { task: "cleanup", cron: "30 2 * * *", deduplicationKey: "iac:prod:nightly" },
              { task: "report-a", cron: "0 8 * * 1", deduplicationKey: "iac:prod:weekly" },
              { task: "digest", cron: "0 6 * * *", deduplicationKey: "iac:prod:gone" },
              { task: "digest", cron: "0 7 * * *", timezone: "Europe/Paris", deduplicationKey: "iac:prod:steady" },
              { task: "digest", cron: "0 9 * * *", deduplicationKey: "hand-made" },
            ],
            queues: [{ type: "task", name: "export", override: 1 }],
          },
        },
      },
    ],
  };
}

/** The configuration planned against {@link kindsSeed}. */
export const KINDS_CONFIG = `version: 1
project: ${FIXTURE_PROJECT}
environments:
  staging:
    deployment: { version: "20261101.1" }
    envVars:
      LOG_LEVEL: info
    queues:
      tasks:
        resize: { concurrencyLimit: null }
  prod:
    prune: { envVars: true, schedules: true, queues: true }
    deployment: { version: "20261102.1" }
    envVars:
      LOG_LEVEL: warn
      NEW_VAR: hello
      SAME: same
    queues:
      tasks:
        send-email: { concurrencyLimit: 20 }
        resize: { concurrencyLimit: null }
    schedules:
      fresh: { task: cleanup, cron: "0 1 * * *" }
      nightly: { task: cleanup, cron: "0 3 * * *" }
      weekly: { task: report-b, cron: "0 8 * * 1" }
      steady: { task: digest, cron: "0 7 * * *", timezone: Europe/Paris }
`;

/** What {@link useFixtureWorkspace} sets up for a test file (read inside tests: it is filled in by beforeAll). */
export interface FixtureWorkspace {
  /** An emulator started from {@link kindsSeed}, shared by the file's tests. */
  readonly emulator: Emulator;
  /** A workdir holding {@link KINDS_CONFIG} as trigger-iac.yaml. */
  readonly cwd: string;
  /** {@link emulatorEnv} of that emulator (secret keys, no PAT). */
  readonly env: Record<string, string>;
}

/**
 * Registers the file's hooks: before its tests, start an emulator from {@link kindsSeed}, write a workdir with
 * {@link KINDS_CONFIG} and build its environment; after them, close the emulator. Call at the top of a test file.
 */
export function useFixtureWorkspace(): FixtureWorkspace {
  const workspace = {} as { emulator: Emulator; cwd: string; env: Record<string, string> };
  beforeAll(async () => {
    workspace.emulator = await startEmulator({ seed: kindsSeed() });
    workspace.cwd = workdir({ "trigger-iac.yaml": KINDS_CONFIG });
    workspace.env = emulatorEnv(workspace.emulator);
  });
  afterAll(async () => {
    await workspace.emulator?.close();
  });
  return workspace;
}
