import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { workdir } from "./helpers/cli-harness.js";

// The built CLI as users run it: a real `node dist/cli/bin.js` process (dist is built by `npm test`).
const ROOT = resolve(__dirname, "..");
const BIN = join(ROOT, "dist", "cli", "bin.js");
const run = promisify(execFile);

async function node(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: options.cwd ?? ROOT, env: { PATH: process.env.PATH ?? "", ...options.env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** A valid file with 2,000 resources: 4 environments x (300 env vars, 150 schedules, 50 queues). */
function bigConfig(): string {
  const lines = ["version: 1", "project: proj_bigconfig", "environments:"];
  for (const env of ["dev", "staging", "prod", "preview"]) {
    lines.push(`  ${env}:`, "    envVars:");
    for (let i = 0; i < 300; i++) lines.push(`      VAR_${i}: value-${i}`);
    lines.push("    schedules:");
    for (let i = 0; i < 150; i++) lines.push(`      job-${i}: { task: task-${i % 10}, cron: "${i % 60} ${i % 24} * * *", timezone: Europe/London }`);
    lines.push("    queues:", "      tasks:");
    for (let i = 0; i < 50; i++) lines.push(`        task-${i}: { concurrencyLimit: ${i + 1} }`);
  }
  return `${lines.join("\n")}\n`;
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does).`);
});

describe("the built CLI in a subprocess", () => {
  it("starts with a node shebang, prints the package version and exits 0", async () => {
    expect(readFileSync(BIN, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    const result = await node([BIN, "--version"]);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("validate exits 0 on a valid file, 1 with file:line:col on an invalid one", async () => {
    const ok = await node([BIN, "validate", "-f", "examples/demo/trigger-iac.yaml"], {
      env: { DEMO_STAGING_SLACK_WEBHOOK_URL: "https://x.example/a", DEMO_PROD_SLACK_WEBHOOK_URL: "https://x.example/b" },
    });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("Valid: project proj_demoacmeshopxxxxxxxxx, 2 environment(s)");
    const dir = workdir({ "trigger-iac.yaml": "version: 1\nproject: proj_abc\nenvironments:\n  prod:\n    schedules:\n      a: { task: t, cron: \"@daily\" }\n" });
    const bad = await node([BIN, "validate"], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/trigger-iac\.yaml:6:\d+: error: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("an unknown command exits 1 with a usage hint", async () => {
    const result = await node([BIN, "destroy"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown command 'destroy'");
  });

  it("validates a 2,000-resource file without loading @pulumi/pulumi", async () => {
    const dir = workdir({ "trigger-iac.yaml": bigConfig() });
    // A resolve hook (ESM) and a patched CJS resolver record every module the process loads; the script then
    // runs the real CLI entry's validate and reports what was loaded.
    writeFileSync(
      join(dir, "hooks.mjs"),
      `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}
`,
    );
    writeFileSync(
      join(dir, "probe.mjs"),
      `import { register } from "node:module";
import Module from "node:module";
import { MessageChannel } from "node:worker_threads";
import { pathToFileURL } from "node:url";
const loaded = [];
const { port1, port2 } = new MessageChannel();
port1.on("message", (url) => loaded.push(url));
port1.unref();
register(pathToFileURL(${JSON.stringify(join(dir, "hooks.mjs"))}), { data: { port: port2 }, transferList: [port2] });
const original = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const found = original.call(this, request, ...rest);
  loaded.push(found);
  return found;
};
const { runCli } = await import(${JSON.stringify(pathToFileUrl(join(ROOT, "dist", "cli", "main.js")))});
let out = "";
const code = await runCli(["validate"], { stdout: { write: (s) => (out += s) }, stderr: process.stderr, stdin: process.stdin, env: {}, cwd: process.cwd(), isTTY: false });
await new Promise((r) => setTimeout(r, 50));
process.stdout.write(JSON.stringify({ code, out, loaded }));
`,
    );
    const result = await node([join(dir, "probe.mjs")], { cwd: dir });
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as { code: number; out: string; loaded: string[] };
    expect(report.code).toBe(0);
    expect(report.out).toContain("Valid: project proj_bigconfig, 4 environment(s)");
    expect(report.out).toContain("prod: 300 env vars, 150 schedules, 50 queues");
    // The probe works: it saw the config layer's own dependencies being loaded...
    expect(report.loaded.some((u) => u.includes("/node_modules/yaml/"))).toBe(true);
    expect(report.loaded.some((u) => u.includes("/node_modules/ajv/"))).toBe(true);
    // ...and nothing from Pulumi.
    expect(report.loaded.filter((u) => u.includes("@pulumi"))).toEqual([]);
  });
});

function pathToFileUrl(path: string): string {
  return new URL(`file://${path}`).href;
}
