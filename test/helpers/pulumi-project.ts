/**
 * A Pulumi project directory for the dynamic-provider host, as a user would have it: `trigger-iac` and
 * `@pulumi/pulumi` resolvable from node_modules (symlinked to this repository and its dependency), so the
 * serialized provider code loads this repository's BUILT package (dist/) exactly as it would load an
 * installed one. Build first (`npm test` does).
 */
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const REPO_ROOT = resolve(import.meta.dirname, "..", "..");

/** Creates the project directory; `dispose` removes it. */
export function createPulumiProjectDir(name = "trigger-iac-test"): { dir: string; dispose(): void } {
  if (!existsSync(join(REPO_ROOT, "dist", "pulumi", "index.js"))) {
    throw new Error("dist/pulumi/index.js is missing: run `npm run build` first (npm test does).");
  }
  const dir = mkdtempSync(join(tmpdir(), "trigger-iac-pulumi-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO_ROOT, join(dir, "node_modules", "trigger-iac"), "dir");
  symlinkSync(join(REPO_ROOT, "node_modules", "@pulumi"), join(dir, "node_modules", "@pulumi"), "dir");
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

// A real Node import, not Vite's transform: the SDK serializes the provider from its function text, which
// must be the built code a user runs (Vite rewrites imports and dynamic import() calls).
export const { nativeImport } = createRequire(import.meta.url)("./pulumi-native-import.cjs") as { nativeImport: (specifier: string) => Promise<unknown> };

/** The built `trigger-iac/pulumi` entry (dist/pulumi/index.js), loaded natively. */
export async function importBuiltPulumi(): Promise<typeof import("../../src/pulumi/index.js")> {
  return (await nativeImport(pathToFileURL(join(REPO_ROOT, "dist", "pulumi", "index.js")).href)) as typeof import("../../src/pulumi/index.js");
}

/** Everything a host test needs: an emulator, a project dir, the built package and one host pointed at both. */
export interface HostFixture {
  emulator: import("../../src/testing.js").Emulator;
  host: import("./pulumi-host.js").DynamicProviderHost;
  pulumi: Awaited<ReturnType<typeof importBuiltPulumi>>;
  projectRef: string;
  dispose(): Promise<void>;
}

/**
 * Starts the emulator (`seed`, default the emulator's own) and one dynamic-provider host whose environment carries
 * the credentials, as the Pulumi CLI's environment would. `env` adds or overrides variables.
 */
export async function startHostFixture(
  env: (e: import("../../src/testing.js").Emulator) => Record<string, string>,
  seed?: import("../../src/testing.js").EmulatorSeed,
): Promise<HostFixture> {
  const { startEmulator } = await import("../../src/testing.js");
  const { DynamicProviderHost } = await import("./pulumi-host.js");
  const emulator = await startEmulator(seed ? { seed } : {});
  const project = createPulumiProjectDir();
  const pulumi = await importBuiltPulumi();
  const host = await DynamicProviderHost.start({
    projectDir: project.dir,
    project: "trigger-iac-test",
    // Cleared first, so that a developer's own credentials can never reach the emulator or a real server.
    env: {
      TRIGGER_ACCESS_TOKEN: "",
      TRIGGER_SECRET_KEY: "",
      TRIGGER_SECRET_KEY_DEV: "",
      TRIGGER_SECRET_KEY_STAGING: "",
      TRIGGER_SECRET_KEY_PROD: "",
      TRIGGER_SECRET_KEY_PREVIEW: "",
      TRIGGER_API_URL: emulator.url,
      ...env(emulator),
    },
  });
  return {
    emulator,
    host,
    pulumi,
    projectRef: emulator.credentials.projectRef,
    async dispose() {
      await host.stop();
      await emulator.close();
      project.dispose();
    },
  };
}
