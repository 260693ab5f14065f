import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedFile } from "../src/emulator/seed.js";
import { startEmulator, type Emulator } from "../src/testing.js";
import { captureRegistrations, type Registration } from "./helpers/pulumi-capture.js";
import { DynamicProviderHost } from "./helpers/pulumi-host.js";
import { createPulumiProjectDir, nativeImport, REPO_ROOT } from "./helpers/pulumi-project.js";

// examples/promotion/pulumi: the example's own program (index.ts, compiled as ts-node would) run in a Pulumi project
// directory against the example's seed, its resources driven through the real dynamic-provider host. The same
// pipeline as the CLI's examples/promotion (test/promotion-example.test.ts): staging takes dev's 20261121.1 and
// prod staging's 20261120.3, each behind its gate. prod is only checked: its verify would watch for 10 minutes.
const dir = join(REPO_ROOT, "examples", "promotion");
let emulator: Emulator;
let project: ReturnType<typeof createPulumiProjectDir>;
let host: DynamicProviderHost;
let regs: Registration[];

beforeAll(async () => {
  emulator = await startEmulator({ seed: loadSeedFile(join(dir, "seed.yaml")) });
  project = createPulumiProjectDir();
  const source = readFileSync(join(dir, "pulumi", "index.ts"), "utf8");
  const program = join(project.dir, "index.mjs");
  writeFileSync(program, ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
  regs = await captureRegistrations(async () => {
    // The default of Pulumi.yaml's `triggerProject`, as `pulumi up` would pass it.
    pulumi.runtime.setConfig("trigger-iac-test:triggerProject", "proj_promotionexamplexxxxx");
    await nativeImport(pathToFileURL(program).href);
  });
  host = await DynamicProviderHost.start({
    projectDir: project.dir,
    project: "trigger-iac-test",
    env: { TRIGGER_API_URL: emulator.url, TRIGGER_ACCESS_TOKEN: emulator.credentials.accessToken, TRIGGER_SECRET_KEY: "", TRIGGER_SECRET_KEY_DEV: "", TRIGGER_SECRET_KEY_STAGING: "", TRIGGER_SECRET_KEY_PROD: "" },
  });
});
afterAll(async () => {
  await host?.stop();
  await emulator?.close();
  project?.dispose();
});

describe("examples/promotion/pulumi", () => {
  it("declares the pipeline; one up moves staging to dev's version behind its gate, and prod's check reads staging's", async () => {
    expect(regs.map((r) => [r.type, r.name])).toEqual([
      ["pulumi-nodejs:dynamic/triggerdev:DeploymentPromotion", "staging"],
      ["pulumi-nodejs:dynamic/triggerdev:DeploymentPromotion", "prod"],
    ]);
    const [staging, prod] = regs as [Registration, Registration];
    const stagingChecked = await host.check("urn:staging", {}, staging.object);
    const prodChecked = await host.check("urn:prod", {}, prod.object);
    expect([stagingChecked.failures, prodChecked.failures]).toEqual([[], []]);
    expect([stagingChecked.inputs.candidate, prodChecked.inputs.candidate]).toEqual(["20261121.1", "20261120.3"]);
    const created = await host.create("urn:staging", stagingChecked.inputs);
    expect(created.outputs.version).toBe("20261121.1");
    expect(host.output.join("\n")).toContain("dev: 30 runs of 20261121.1 in 24h, 1 failed (3.3%) ≤ 10% — gate passed");
    expect(emulator.admin.snapshot().projects[0].environments.staging?.current).toBe("20261121.1");
  });
});
