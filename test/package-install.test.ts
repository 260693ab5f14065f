import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The package as users get it (issue 12 item 15): `npm pack`, then the tarball installed into an empty project,
// offline (the runtime dependencies come from the npm cache that `npm ci` filled; @pulumi/pulumi, an optional
// peer, is not installed). Needs the built dist/ (npm test builds it).
const ROOT = resolve(__dirname, "..");
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; files: string[] };

let scratch: string;
let consumer: string;
let contents: string[];

beforeAll(async () => {
  if (!existsSync(join(ROOT, "dist", "cli", "bin.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
  scratch = mkdtempSync(join(tmpdir(), "trigger-iac-pack-"));
  const packed = await run("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const [info] = JSON.parse(packed.stdout) as { filename: string; integrity: string; files: { path: string }[] }[];
  contents = info.files.map((f) => f.path);
  consumer = join(scratch, "consumer");
  mkdirSync(consumer);
  // A lock file pinning the tarball and this repository's locked runtime dependencies, so `npm ci --offline`
  // installs from the tarball and the npm cache alone (no registry metadata needed).
  const spec = `file:../${info.filename}`;
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { "trigger-iac": spec } }));
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const runtime = Object.entries(lock.packages).filter(([path, entry]) => path !== "" && !entry.dev && !entry.devOptional);
  const { version, license, dependencies, peerDependencies, peerDependenciesMeta, engines, bin } = pkg as Record<string, unknown>;
  const packages = {
    "": { name: "consumer", dependencies: { "trigger-iac": spec } },
    "node_modules/trigger-iac": { version, resolved: spec, integrity: info.integrity, license, dependencies, peerDependencies, peerDependenciesMeta, engines, bin },
    ...Object.fromEntries(runtime),
  };
  writeFileSync(join(consumer, "package-lock.json"), JSON.stringify({ name: "consumer", lockfileVersion: 3, requires: true, packages }));
  await run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: consumer, maxBuffer: 16 * 1024 * 1024 });
}, 240_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("`files` names only what exists, and the tarball holds the CLI, the schema, the demo and no sources or tests", () => {
    for (const entry of pkg.files) expect({ entry, exists: existsSync(join(ROOT, entry)) }).toEqual({ entry, exists: true });
    for (const needed of ["package.json", "README.md", "LICENSE", "dist/cli/bin.js", "dist/index.js", "dist/index.d.ts", "dist/pulumi/index.js", "dist/testing.js", "schemas/trigger-iac.schema.json", "examples/demo/seed.yaml"]) {
      expect(contents).toContain(needed);
    }
    expect(contents.filter((p) => p.startsWith("src/") || p.startsWith("test/") || p.startsWith(".changeset/"))).toEqual([]);
  });

  it("installs offline from the tarball without @pulumi/pulumi, and its bin runs", async () => {
    expect(existsSync(join(consumer, "node_modules", "trigger-iac", "package.json"))).toBe(true);
    expect(existsSync(join(consumer, "node_modules", "@pulumi", "pulumi"))).toBe(false);
    const version = await run("npx", ["--no", "--", "trigger-iac", "--version"], { cwd: consumer });
    expect(version.stdout).toBe(`${pkg.version}\n`);
    const help = await run("npx", ["--no", "trigger-iac", "emulator", "--help"], { cwd: consumer });
    expect(help.stdout).toContain("--seed demo");
  });

  it("`npx trigger-iac emulator --seed demo` serves the shipped demo project", async () => {
    // Its own process group, so that stopping it reaches the emulator under npx too.
    const child = spawn("npx", ["--no", "--", "trigger-iac", "emulator", "--seed", "demo", "--port", "0"], { cwd: consumer, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const exited = new Promise((done) => child.on("exit", done));
    try {
      let stdout = "";
      const url = await new Promise<string>((done, fail) => {
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
          if (m && stdout.includes("Press Ctrl-C")) done(m[1]);
        });
        child.on("exit", (code) => fail(new Error(`emulator exited with ${code}: ${stdout}`)));
      });
      expect(stdout).toContain("Project: proj_demoacmeshopxxxxxxxxx");
      const token = /TRIGGER_ACCESS_TOKEN=(\S+)/.exec(stdout)![1];
      const response = await fetch(`${url}/api/v1/projects/proj_demoacmeshopxxxxxxxxx/envvars/staging`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const vars = (await response.json()) as { name: string }[];
      expect(vars.map((v) => v.name)).toContain("LOG_LEVEL");
    } finally {
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    }
  });

  it("the library imports from the installed package; trigger-iac/pulumi says to install @pulumi/pulumi", async () => {
    const lib = await run(process.execPath, ["--input-type=module", "-e", "const m = await import('trigger-iac'); console.log(typeof m.createTriggerClient, typeof m.planChanges);"], { cwd: consumer });
    expect(lib.stdout).toBe("function function\n");
    const pulumi = await run(process.execPath, ["--input-type=module", "-e", "try { await import('trigger-iac/pulumi'); } catch (e) { console.log(e.message); process.exit(3); }"], { cwd: consumer }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect((pulumi as { code?: number }).code).toBe(3);
    expect(pulumi.stdout).toContain("trigger-iac/pulumi needs @pulumi/pulumi, a peer dependency that is not installed");
    expect(pulumi.stdout).toContain("npm install @pulumi/pulumi");
  });
});
