import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../../testing.js";
import type { EmulatorOptions } from "../../emulator/types.js";
import { integerFlag, stringFlag } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import type { CommandContext } from "../context.js";
import { SECRET_KEY_VARIABLE } from "../credentials.js";

/**
 * `trigger-iac emulator`: a local Trigger.dev API on 127.0.0.1. Prints the URL and the credentials to
 * export, then serves until SIGINT/SIGTERM (the io signal).
 */
export async function runEmulator({ flags, output, io }: CommandContext): Promise<number> {
  const options: EmulatorOptions = {};
  const port = integerFlag(flags, "port", "emulator");
  if (port !== undefined) {
    if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}.`, "emulator");
    options.port = port;
  }
  const seed = stringFlag(flags, "seed");
  if (seed !== undefined) options.seed = resolveSeed(io.cwd, seed);
  const state = stringFlag(flags, "state");
  if (state !== undefined) options.statePath = resolve(io.cwd, state);
  const latency = stringFlag(flags, "latency");
  if (latency !== undefined) options.latency = parseLatency(latency);
  const faults = stringFlag(flags, "faults");
  if (faults !== undefined) options.faults = faults;

  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    // Starting fails on what the user gave (seed, state file, fault spec, a port in use), not on a bug: say
    // what went wrong without the "internal error, please report it" of unexpected failures.
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(`Cannot start the emulator: ${message}`, { hint: "Run 'trigger-iac emulator --help' for usage." });
  }
  try {
    const { credentials } = emulator;
    const { color } = output;
    // The emulator's credentials are made-up test keys, printed on purpose so a user can export them.
    const lines = [
      `${color.bold("Trigger.dev emulator")} listening on ${color.cyan(emulator.url)}`,
      `Project: ${credentials.projectRef}`,
      "",
      "export these to point trigger-iac at it:",
      `  export TRIGGER_API_URL=${emulator.url}`,
      // Only what the seed has: an empty `export TRIGGER_ACCESS_TOKEN=` would be taken for a token to set.
      ...(credentials.accessToken ? [`  export TRIGGER_ACCESS_TOKEN=${credentials.accessToken}`] : []),
      ...Object.entries(credentials.secretKeys)
        .filter(([, key]) => key)
        .map(([env, key]) => `  export ${SECRET_KEY_VARIABLE[env as keyof typeof SECRET_KEY_VARIABLE]}=${key}`),
      "",
      "Press Ctrl-C to stop.",
      "",
    ];
    // Printed straight to the stream: the redactor would hide these test credentials, which is the opposite of useful.
    io.stdout.write(lines.join("\n"));
    await waitForAbort(io.signal);
    io.stdout.write("Stopping the emulator.\n");
    return 0;
  } finally {
    await emulator.close();
  }
}

/** `--seed demo`: the demo project shipped in the package (its `files` include examples/demo). */
const DEMO_SEED = "demo";

/**
 * The seed file: a path relative to the working directory, or `demo` for the shipped demo project, so that
 * `npx trigger-iac emulator --seed demo` works from an installed package (a file named `demo` still wins).
 */
function resolveSeed(cwd: string, seed: string): string {
  const path = resolve(cwd, seed);
  if (seed !== DEMO_SEED || existsSync(path)) return path;
  // Three levels up from dist/cli/commands/ (and src/cli/commands/) is the package root.
  return fileURLToPath(new URL("../../../examples/demo/seed.yaml", import.meta.url));
}

function parseLatency(raw: string): EmulatorOptions["latency"] {
  const range = /^(\d+)-(\d+)$/.exec(raw);
  if (range) {
    const [minMs, maxMs] = [Number(range[1]), Number(range[2])];
    if (minMs > maxMs) throw new UsageError(`--latency range must be MIN-MAX with MIN <= MAX, got '${raw}'.`, "emulator");
    return { minMs, maxMs };
  }
  if (/^\d+$/.test(raw)) return Number(raw);
  throw new UsageError(`--latency must be milliseconds (e.g. 50) or a range (e.g. 20-200), got '${raw}'.`, "emulator");
}

function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  // Without a signal (an embedding that never stops it) the emulator serves until the process ends.
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}
