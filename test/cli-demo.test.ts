import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";

// `npm run demo` as CI runs it: the built dist/cli/demo.js in a subprocess (dist is built by `npm test`).
const ROOT = resolve(__dirname, "..");
const DEMO = join(ROOT, "dist", "cli", "demo.js");

async function node(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? "" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(() => {
  if (!existsSync(DEMO)) throw new Error(`${DEMO} is missing: run \`npm run build\` first (npm test does).`);
});

describe("npm run demo", () => {
  it("plans drift in all four kinds, applies it, plans clean, exits 0, and prints no secret value", async () => {
    const result = await node([DEMO]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = result.stdout;
    // Drift of every kind and action in the first plan.
    for (const line of [
      "+ prod.envVars.FEATURE_FLAGS (create)",
      "~ prod.envVars.LOG_LEVEL (update)",
      "- prod.envVars.OLD_API_URL (delete)",
      "~ prod.envVars.SLACK_WEBHOOK_URL (update)",
      "(sensitive value changed)",
      "~ prod.deployment (update)",
      "~ prod.queues.tasks.send-email (update)",
      "-/+ prod.schedules.weekly-report (replace)",
      "- prod.schedules.old-digest (delete)",
      "? staging.envVars.LEGACY_FLAG (unmanaged)",
    ]) {
      expect(out).toContain(line);
    }
    expect(out).toContain("prod.schedules.weekly-report: replaced\n");
    expect(out).toContain("Apply complete.");
    expect(out).toContain("No changes. Live state matches the configuration.");
    expect(out).toContain("Demo complete.");
    // No secret value: neither the seed's live secrets nor the fromEnv values of demo.env.
    const seed = parse(readFileSync(join(ROOT, "examples/demo/seed.yaml"), "utf8"));
    const secrets: string[] = [];
    for (const env of Object.values(seed.projects[0].environments) as { envVars?: Record<string, unknown> }[]) {
      for (const v of Object.values(env.envVars ?? {})) {
        if (typeof v === "object" && v !== null && (v as { secret?: boolean }).secret) secrets.push((v as { value: string }).value);
      }
    }
    for (const line of readFileSync(join(ROOT, "examples/demo/demo.env"), "utf8").split("\n")) {
      const m = /^[A-Z_]+=(.+)$/.exec(line);
      if (m) secrets.push(m[1]);
    }
    expect(secrets.length).toBe(5);
    expect(secrets.filter((s) => out.includes(s))).toEqual([]);
  });
});
