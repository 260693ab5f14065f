import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedFile } from "../src/emulator/seed.js";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { runInProcess } from "./helpers/cli-harness.js";

// examples/promotion: the documented pipeline plans as the README shows, against its own seed.
const dir = join(import.meta.dirname, "..", "examples", "promotion");
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: loadSeedFile(join(dir, "seed.yaml")) });
});
afterAll(async () => {
  await emulator.close();
});

describe("examples/promotion", () => {
  it("plans the whole chain with the evidence of each gate", async () => {
    const env = { TRIGGER_API_URL: emulator.url, TRIGGER_ACCESS_TOKEN: emulator.credentials.accessToken };
    const run = await runInProcess(["plan", "-f", join(dir, "trigger-iac.yaml")], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('version: "20261120.3" -> "20261121.1"');
    expect(run.stdout).toContain("dev: 30 runs of 20261121.1 in 24h, 1 failed (3.3%) ≤ 10% — gate passed");
    expect(run.stdout).toContain("Tasks in 20261121.1: added sync-crm; removed resize-image.");
    expect(run.stdout).toContain("Declarative schedules (scheduled tasks with a cron in code): the promotion creates those of sync-crm.");
    expect(run.stdout).toContain('version: "20261119.2" -> "20261120.3"');
    // resize-image fails a quarter of its runs, but the prod gate only counts send-email.
    expect(run.stdout).toContain("staging: 98 runs of 20261120.3 (tasks: send-email) in 24h, 2 failed (2%) ≤ 5% — gate passed");
    expect(run.stdout).toContain("Plan: 0 to create, 2 to update, 0 to replace, 0 to delete.");
  });
});
