import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { workdir } from "./helpers/cli-harness.js";

// What a command loads decides its cold start (timings are in bench/, not here): `validate` must not load the
// HTTP client, Pulumi, the TypeScript loader or ajv's compiler. Runs the built CLI (dist is built by `npm test`).
const run = promisify(execFile);
const BIN = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url));
const ROOT = fileURLToPath(new URL("../", import.meta.url));

// Records every CommonJS file Node compiles (ESM code importing a CommonJS package goes through it too).
const RECORDER = `
const Module = require("node:module");
const compile = Module.prototype._compile;
const files = [];
Module.prototype._compile = function (content, filename) { files.push(filename); return compile.call(this, content, filename); };
process.on("exit", () => require("node:fs").writeFileSync(process.env.LOADED_FILES_OUT, JSON.stringify(files)));
`;

// Every kind, and the everyday cron forms (a step, a range, a list).
const CONFIG = `version: 1
project: proj_coldstartxxxxxxxxxxxx
environments:
  staging:
    deployment: { version: "20261120.1" }
  prod:
    envVars: { LOG_LEVEL: info, REGION: eu }
    queues: { tasks: { send-email: { concurrencyLimit: 5 } }, custom: { exports: { paused: false } } }
    schedules:
      nightly: { task: cleanup, cron: "0 3 * * *" }
      often: { task: poll, cron: "*/5 9-17 * * 1-5" }
      twice: { task: report, cron: "30 2 1,15 * *" }
`;

/** The packages (under node_modules) whose files a CLI run compiled. */
async function packagesLoaded(argv: string[], cwd: string): Promise<{ packages: string[]; files: string[]; stdout: string }> {
  const dir = workdir({ "recorder.cjs": RECORDER });
  const out = join(dir, "loaded.json");
  const { stdout } = await run(process.execPath, ["--require", join(dir, "recorder.cjs"), BIN, ...argv], {
    cwd,
    env: { PATH: process.env.PATH ?? "", LOADED_FILES_OUT: out },
  });
  const files = JSON.parse(readFileSync(out, "utf8")) as string[];
  const packages = new Set<string>();
  for (const file of files) {
    const rest = file.split(`node_modules${"/"}`).pop()!;
    if (rest === file) continue;
    const parts = rest.split("/");
    packages.add(parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]);
  }
  return { packages: [...packages].sort(), files, stdout };
}

describe("cold start: what `validate` loads", () => {
  it("loads neither undici nor @pulumi/pulumi, nor jiti, ajv's schema compiler or cron-parser", async () => {
    const cwd = workdir({ "trigger-iac.yaml": CONFIG });
    const { packages, files, stdout } = await packagesLoaded(["validate"], cwd);
    expect(stdout).toContain("Valid");
    expect(packages).not.toContain("undici");
    expect(packages).not.toContain("@pulumi/pulumi");
    expect(packages).not.toContain("jiti");
    // The validator is precompiled: of ajv, at most its small runtime helpers load, never the compiler. An
    // everyday cron expression needs no cron-parser (nor its date library).
    expect(packages.filter((p) => !["yaml", "ajv"].includes(p))).toEqual([]);
    expect(files.filter((f) => f.includes("/node_modules/ajv/") && !f.includes("/node_modules/ajv/dist/runtime/"))).toEqual([]);
  });

  it("the precompiled validator matches the published schema (`npm run build` regenerates it)", async () => {
    await expect(run(process.execPath, [join(ROOT, "scripts/generate-schema-validator.mjs"), "--check"], { cwd: ROOT })).resolves.toBeDefined();
  });
});
