import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../testing.js";
import { runCli } from "./main.js";
import { SECRET_KEY_VARIABLE } from "./credentials.js";
import type { CliIo } from "./io.js";

/*
 * `npm run demo`: the whole loop on an embedded emulator, no account needed. The emulator is seeded with a
 * project that has drifted from examples/demo/trigger-iac.yaml in every managed kind; the demo plans, applies
 * and plans again (clean). Secret values (examples/demo/demo.env) go through the CLI's masking like any other
 * run: none is ever printed.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DEMO_DIR = join(ROOT, "examples", "demo");

/** Parses the demo's dotenv file (KEY=value lines, # comments). */
function readDotenv(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (m && !line.trimStart().startsWith("#")) values[m[1]] = m[2];
  }
  return values;
}

function banner(text: string): void {
  process.stdout.write(`\n${"=".repeat(78)}\n${text}\n${"=".repeat(78)}\n\n`);
}

/** Runs the demo; resolves to the exit code. */
async function runDemo(): Promise<number> {
  const emulator = await startEmulator({ seed: join(DEMO_DIR, "seed.yaml") });
  try {
    const { credentials } = emulator;
    // Only the emulator: nothing inherited from the caller's environment may point the demo at a real project.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TRIGGER_")));
    const env: Record<string, string | undefined> = {
      ...inherited,
      ...readDotenv(join(DEMO_DIR, "demo.env")),
      TRIGGER_API_URL: emulator.url,
      [SECRET_KEY_VARIABLE.staging]: credentials.secretKeys.staging,
      [SECRET_KEY_VARIABLE.prod]: credentials.secretKeys.prod,
    };
    const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env, cwd: ROOT, isTTY: false };
    const file = ["-f", "examples/demo/trigger-iac.yaml"];

    banner("trigger-iac demo: a local Trigger.dev emulator seeded with a drifted project");
    process.stdout.write(
      `Emulator: ${emulator.url} (project ${credentials.projectRef})\n` +
        `Credentials: ${SECRET_KEY_VARIABLE.staging} and ${SECRET_KEY_VARIABLE.prod} from the emulator's seed;\n` +
        "secret values for fromEnv come from examples/demo/demo.env and are never printed.\n",
    );

    banner("1. trigger-iac plan -f examples/demo/trigger-iac.yaml --detailed-exitcode");
    const first = await runCli(["plan", ...file, "--detailed-exitcode"], io);
    process.stdout.write(`\n(exit code ${first}: 2 means there are changes)\n`);
    if (first !== 2) return fail(`expected the first plan to show changes (exit 2), got ${first}`);

    banner("2. trigger-iac apply -f examples/demo/trigger-iac.yaml --auto-approve");
    const applied = await runCli(["apply", ...file, "--auto-approve"], io);
    if (applied !== 0) return fail(`apply exited ${applied}`);

    banner("3. trigger-iac plan again: the live project now matches the file");
    const second = await runCli(["plan", ...file, "--detailed-exitcode"], io);
    process.stdout.write(`\n(exit code ${second}: 0 means no changes)\n`);
    if (second !== 0) return fail(`expected a clean second plan (exit 0), got ${second}`);

    process.stdout.write("\nDemo complete.\n");
    return 0;
  } finally {
    await emulator.close();
  }
}

function fail(message: string): number {
  process.stderr.write(`\nDemo failed: ${message}\n`);
  return 1;
}

process.exitCode = await runDemo();
