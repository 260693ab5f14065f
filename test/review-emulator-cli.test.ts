import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { runInProcess, workdir } from "./helpers/cli-harness.js";

// Review: bad emulator input (a missing or invalid seed, a bad fault spec, a port in use) is the user's
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
