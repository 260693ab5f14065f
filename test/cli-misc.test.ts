import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { createOutput } from "../src/cli/io.js";
import { reportError } from "../src/cli/report-error.js";
import { startEmulator } from "../src/testing.js";
import { emulatorEnv, FIXTURE_PROJECT, KINDS_CONFIG, kindsSeed, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

const ROOT = resolve(__dirname, "..");
const fixture = useFixtureWorkspace();

describe("help, version, colour", () => {
  it("--version prints package.json's version; --help works globally and per command", async () => {
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    expect(await runInProcess(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect((await runInProcess(["plan", "--version"])).stdout).toBe(`${version}\n`);
    const main = await runInProcess(["--help"]);
    expect(main.code).toBe(0);
    for (const command of ["validate", "plan", "apply", "import", "emulator"]) expect(main.stdout).toContain(command);
    for (const [command, flag] of [["plan", "--detailed-exitcode"], ["apply", "--max-deletes"], ["import", "--project"], ["emulator", "--faults"], ["validate", "-f, --file"]]) {
      const help = await runInProcess([command, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`trigger-iac ${command}`);
      expect(help.stdout).toContain(flag);
    }
    // No command: usage on stderr and exit 1 (issue 12 item 11; cli-usage.test.ts has the rest).
    const none = await runInProcess([]);
    expect(none).toMatchObject({ code: 1, stdout: "" });
    expect(none.stderr).toContain("Usage: trigger-iac <command>");
  });

  it("colours on a terminal only, and never with --no-color or NO_COLOR", async () => {
    const env = emulatorEnv(fixture.emulator);
    const tty = await runInProcess(["plan"], { cwd: fixture.cwd, env, isTTY: true });
    expect(tty.stdout).toContain("\u001b[");
    const flag = await runInProcess(["plan", "--no-color"], { cwd: fixture.cwd, env, isTTY: true });
    expect(flag.stdout).not.toContain("\u001b[");
    const noColor = await runInProcess(["plan"], { cwd: fixture.cwd, env: { ...env, NO_COLOR: "1" }, isTTY: true });
    expect(noColor.stdout).not.toContain("\u001b[");
    const before = await runInProcess(["--no-color", "plan"], { cwd: fixture.cwd, env, isTTY: true });
    expect(before.stdout).toBe(flag.stdout);
    const pipe = await runInProcess(["plan"], { cwd: fixture.cwd, env });
    expect(pipe.stdout).not.toContain("\u001b[");
    expect(pipe.stdout).toBe(flag.stdout);
  });
});

describe("apply on a terminal, with a PAT", () => {
  it("asks, accepts 'yes', shows one updating progress line above the finished changes, and converges", async () => {
    const local = await startEmulator({ seed: kindsSeed() });
    try {
      const env = emulatorEnv(local, {}, true);
      const run = await runInProcess(["apply", "--no-color"], { cwd: fixture.cwd, env, isTTY: true, input: "yes\n" });
      expect(run.stderr).not.toContain("Error");
      expect(run.code).toBe(0);
      // The live line is redrawn in place (carriage return + clear line); each finished change replaces it with
      // a line that stays (issue 12 item 10; the screen itself is checked on a real terminal in cli-terminal).
      expect(run.stdout).toContain("\r\u001b[2K");
      expect(run.stdout).toMatch(/\[\d+\/10\] prod\./);
      expect(run.stdout).toContain("\r\u001b[2Kprod.envVars.NEW_VAR: created\n");
      expect(run.stdout).toContain("Apply complete. 2 created, 4 updated, 1 replaced, 3 deleted");
      // Environment keys were looked up with the PAT, once per environment.
      const lookups = local.requests.filter((r) => /^\/api\/v1\/projects\/[^/]+\/(staging|prod)$/.test(r.path));
      expect(lookups.map((r) => r.path).sort()).toEqual(["/api/v1/projects/proj_fixturekinds/prod", "/api/v1/projects/proj_fixturekinds/staging"]);
      expect((await runInProcess(["plan", "--detailed-exitcode"], { cwd: fixture.cwd, env })).code).toBe(0);
    } finally {
      await local.close();
    }
  });
});

describe("emulator command", () => {
  it("prints its URL and credentials, serves the API, and stops on the signal", async () => {
    const controller = new AbortController();
    let stdout = "";
    const stdin = new PassThrough();
    const done = runCli(["emulator", "--seed", "examples/demo/seed.yaml", "--latency", "0-1"], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      stdin,
      env: {},
      cwd: ROOT,
      isTTY: false,
      signal: controller.signal,
    });
    for (let i = 0; i < 200 && !stdout.includes("Ctrl-C"); i++) await new Promise((r) => setTimeout(r, 10));
    const url = /export TRIGGER_API_URL=(\S+)/.exec(stdout)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stdout).toContain("export TRIGGER_SECRET_KEY_PROD=tr_prod_demoProdKey0000000000000");
    expect(stdout).toContain("export TRIGGER_ACCESS_TOKEN=tr_pat_");
    const response = await fetch(`${url}/api/v1/timezones`);
    expect(response.status).toBe(200);
    controller.abort();
    expect(await done).toBe(0);
    await expect(fetch(`${url}/api/v1/timezones`)).rejects.toThrow();
  });

  it("prints only the credentials its seed has (no empty export for a missing access token)", async () => {
    const controller = new AbortController();
    let stdout = "";
    const cwd = workdir({ "seed.yaml": "projects:\n  - ref: proj_nopatseedxxxxxxxxxxxxx\n    environments:\n      prod: { apiKey: tr_prod_noPatSeedKey0000000000 }\n" });
    const done = runCli(["emulator", "--seed", "seed.yaml"], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      stdin: new PassThrough(),
      env: {},
      cwd,
      isTTY: false,
      signal: controller.signal,
    });
    for (let i = 0; i < 200 && !stdout.includes("Ctrl-C"); i++) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    expect(await done).toBe(0);
    expect(stdout).toContain("export TRIGGER_SECRET_KEY_PROD=tr_prod_noPatSeedKey0000000000");
    expect(stdout).not.toContain("TRIGGER_ACCESS_TOKEN");
  });

  it("refuses bad flags", async () => {
    expect((await runInProcess(["emulator", "--port", "99999"])).stderr).toContain("--port must be at most 65535");
    expect((await runInProcess(["emulator", "--latency", "fast"])).stderr).toContain("--latency must be milliseconds");
    expect((await runInProcess(["emulator", "--port"])).stderr).toContain("option '--port' needs a value");
  });
});

// Bad emulator input (a missing or invalid seed, a bad fault spec, a port in use) is the user's
// input, not "an internal error, a bug in trigger-iac, please report it".
describe("trigger-iac emulator with bad input", () => {
  const cases: [string, string[], RegExp][] = [
    ["a missing seed file", ["--seed", "missing.yaml"], /Cannot start the emulator: Cannot read emulator seed file .*missing\.yaml/],
    ["an invalid seed", ["--seed", "bad-seed.yaml"], /Cannot start the emulator: Invalid emulator seed: projects\[0\] must be an object/],
    ["a fault probability above 1", ["--faults", "429:2"], /Cannot start the emulator: Invalid fault probability "2"/],
  ];
  for (const [what, args, message] of cases) {
    it(`reports ${what} plainly, exit 1`, async () => {
      const cwd = workdir({ "bad-seed.yaml": "projects: [1]\n" });
      const run = await runInProcess(["emulator", "--port", "0", ...args], { cwd });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain("internal error");
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe("");
    });
  }

  it("reports a port in use plainly", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const run = await runInProcess(["emulator", "--port", String(port)], { cwd: workdir() });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("Cannot start the emulator: listen EADDRINUSE");
      expect(run.stderr).not.toContain("internal error");
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe("credentials and the error boundary", () => {
  it("TRIGGER_SECRET_KEY serves a single environment only", async () => {
    const single = workdir({ "trigger-iac.yaml": "version: 1\nproject: proj_fixturekinds\nenvironments:\n  prod:\n    envVars:\n      SAME: same\n" });
    const ok = await runInProcess(["plan", "--detailed-exitcode"], {
      cwd: single,
      env: { TRIGGER_API_URL: fixture.emulator.url, TRIGGER_SECRET_KEY: fixture.emulator.credentials.secretKeys.prod },
    });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    // Two environments in play: the generic key is not guessed onto either.
    const two = await runInProcess(["plan"], { cwd: fixture.cwd, env: { TRIGGER_API_URL: fixture.emulator.url, TRIGGER_SECRET_KEY: fixture.emulator.credentials.secretKeys.prod } });
    expect(two.code).toBe(1);
    expect(two.stderr).toContain("TRIGGER_SECRET_KEY is only used when one environment is in play");
    // ...unless --env narrows it to one, where the prefix check still applies.
    const narrowed = await runInProcess(["plan", "--env", "staging"], { cwd: fixture.cwd, env: { TRIGGER_API_URL: fixture.emulator.url, TRIGGER_SECRET_KEY: fixture.emulator.credentials.secretKeys.prod } });
    expect(narrowed.code).toBe(1);
    expect(narrowed.stderr).toContain("TRIGGER_SECRET_KEY holds a key for 'prod' (tr_prod_…), but it would act on 'staging'");
    const patAsKey = await runInProcess(["plan"], { cwd: fixture.cwd, env: { TRIGGER_API_URL: fixture.emulator.url, TRIGGER_ACCESS_TOKEN: fixture.emulator.credentials.secretKeys.prod } });
    expect(patAsKey.code).toBe(1);
    expect(patAsKey.stderr).toContain("TRIGGER_ACCESS_TOKEN holds an environment secret key");
  });

  it("an unexpected error is an internal error with the issues URL; the stack only with TRIGGER_IAC_DEBUG=1", () => {
    const capture = (env: Record<string, string>) => {
      let err = "";
      const output = createOutput({ stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) }, stdin: new PassThrough(), env, cwd: fixture.cwd, isTTY: false }, false);
      const code = reportError(output, new TypeError("cannot read properties of undefined"));
      return { code, err };
    };
    const plain = capture({});
    expect(plain.code).toBe(1);
    expect(plain.err).toMatch(/internal error: cannot read properties of undefined\nThis is a bug in trigger-iac; please report it at https:\/\/\S+\/issues/);
    expect(plain.err).not.toMatch(/\n\s+at /);
    const debug = capture({ TRIGGER_IAC_DEBUG: "1" });
    expect(debug.err).toMatch(/\n\s+at /);
  });
});

// Files the user names on the command line that cannot be read or written get a plain reason,
// not Node's "ENOENT: no such file or directory, open '/abs/path'" or a bare "ENOENT".
describe("unreadable and unwritable files", () => {
  const fixture = useFixtureWorkspace();

  it("plan --out into a missing directory", async () => {
    const cwd = workdir({ "trigger-iac.yaml": KINDS_CONFIG });
    const run = await runInProcess(["plan", "--out", "no/such/dir/plan.json"], { cwd, env: fixture.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("Error: Cannot write the plan to no/such/dir/plan.json: no such file or directory.\n");
  });

  it("apply --plan with a missing file and with a directory", async () => {
    const cwd = workdir({ "trigger-iac.yaml": KINDS_CONFIG });
    const missing = await runInProcess(["apply", "--plan", "missing.json", "--auto-approve"], { cwd, env: fixture.env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Error: Cannot read the plan file missing.json: no such file or directory.");
    const dir = await runInProcess(["apply", "--plan", ".", "--auto-approve"], { cwd, env: fixture.env });
    expect(dir.code).toBe(1);
    expect(dir.stderr).toContain("Error: Cannot read the plan file .: it is a directory.");
  });

  it("import -o into a missing directory", async () => {
    const cwd = workdir();
    const run = await runInProcess(["import", "--project", FIXTURE_PROJECT, "--env", "prod", "-o", "no/dir/x.yaml"], { cwd, env: fixture.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Error: Cannot write no/dir/x.yaml: no such file or directory.");
    expect(run.stderr).not.toContain("ENOENT");
  });
});
