import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { runCli } from "../src/cli/main.js";
import type { Emulator } from "../src/emulator/types.js";

/** What one in-process CLI run printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runInProcess}. */
export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  isTTY?: boolean;
  /** Lines typed on stdin (for the apply prompt). */
  input?: string;
}

/** Runs the CLI entry in-process with captured streams (real HTTP to the emulator underneath). */
export async function runInProcess(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  if (options.input !== undefined) stdin.end(options.input);
  else stdin.end();
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    isTTY: options.isTTY ?? false,
  });
  return { code, stdout, stderr };
}

/** The environment a CLI run needs to reach `emulator` with secret keys (no PAT unless asked). */
export function emulatorEnv(emulator: Emulator, extra: Record<string, string> = {}, usePat = false): Record<string, string> {
  const { credentials } = emulator;
  const env: Record<string, string> = { TRIGGER_API_URL: emulator.url, ...extra };
  if (usePat) env.TRIGGER_ACCESS_TOKEN = credentials.accessToken;
  else {
    env.TRIGGER_SECRET_KEY_DEV = credentials.secretKeys.dev;
    env.TRIGGER_SECRET_KEY_STAGING = credentials.secretKeys.staging;
    env.TRIGGER_SECRET_KEY_PROD = credentials.secretKeys.prod;
    env.TRIGGER_SECRET_KEY_PREVIEW = credentials.secretKeys.preview;
  }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** A fresh temporary directory with the given files written into it. */
export function workdir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "trigger-iac-cli-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
