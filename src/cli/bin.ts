#!/usr/bin/env node
import { runCli } from "./main.js";

// The only place that touches the real process: streams, environment, signals and the exit code.
const argv = process.argv.slice(2);
const controller = new AbortController();
// Only the long-running `emulator` stops gracefully on SIGINT/SIGTERM (closing its server); every other command
// keeps Node's default, so Ctrl-C ends it at once.
const longRunning = argv.includes("emulator");
const stop = () => {
  if (controller.signal.aborted) process.exit(130); // a second Ctrl-C while closing
  controller.abort();
};
if (longRunning) {
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

const code = await runCli(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  signal: controller.signal,
});
process.off("SIGINT", stop);
process.off("SIGTERM", stop);
process.exitCode = code;
