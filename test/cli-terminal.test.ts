import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { emulatorEnv, KINDS_CONFIG, kindsSeed, workdir } from "./helpers/cli-harness.js";
import { BIN, runOnTerminal, screen } from "./helpers/terminal.js";

// apply on a real pseudo-terminal (issue 12 item 10): the live progress line updates in place, and every
// finished change leaves one line above it that stays on screen after the apply.
let emulator: Emulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does).`);
  emulator = await startEmulator({ seed: kindsSeed() });
});
afterAll(async () => {
  await emulator?.close();
});

const CHANGED = [
  "prod.envVars.NEW_VAR: created",
  "prod.envVars.LOG_LEVEL: updated",
  "prod.envVars.OLD_VAR: deleted",
  "prod.deployment: updated",
  "prod.queues.tasks.send-email: updated",
  "prod.queues.tasks.export: deleted",
  "prod.schedules.fresh: created",
  "prod.schedules.nightly: updated",
  "prod.schedules.weekly: replaced",
  "prod.schedules.gone: deleted",
];

describe("apply on a terminal", () => {
  it("keeps one line per finished change above the progress line, after asking", async () => {
    const cwd = workdir({ "trigger-iac.yaml": KINDS_CONFIG });
    const run = await runOnTerminal(["apply"], { cwd, env: emulatorEnv(emulator), input: "yes\n" });
    const shown = screen(run.raw);
    expect(run.code).toBe(0);
    expect(shown.join("\n")).toContain("Apply these changes?");
    // The live line was drawn (it is what the record lines replace) ...
    expect(run.raw).toMatch(/\[\d+\/10\]/);
    // ... and after the apply the screen shows exactly one record line per change, then the summary.
    const records = shown.filter((line) => /^prod\.[^ ]+: (created|updated|replaced|deleted)$/.test(line));
    expect([...records].sort()).toEqual([...CHANGED].sort());
    const complete = shown.findIndex((line) => line.startsWith("Apply complete."));
    expect(complete).toBeGreaterThan(shown.indexOf(records[records.length - 1]));
    expect(shown[complete]).toBe("Apply complete. 2 created, 4 updated, 1 replaced, 3 deleted");
    // No progress line is left over on screen.
    expect(shown.some((line) => /\[\d+\/10\]/.test(line))).toBe(false);
  });
});
