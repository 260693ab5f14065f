#!/usr/bin/env node
import { runCli } from "./main.js";

// The only place that touches the real process: streams, environment, signals and the exit code.
const argv = process.argv.slice(2);
const controller = new AbortController();
// Only the long-running `emulator` stops gracefully on SIGINT/SIGTERM (closing its server); every other command
// keeps Node's default, so Ctrl-C ends it at once.
// `apply` stops gracefully only while it watches a promotion (verify), which it announces with setInterruptible.
const longRunning = argv.includes("emulator");
let interruptible = longRunning;
const stop = () => {
  if (!interruptible || controller.signal.aborted) process.exit(130); // not interruptible now, or a second Ctrl-C
  controller.abort();
};
if (longRunning || argv.includes("apply")) {
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

const code = await runCli(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  // A plain copy, made once: each read of Node's live `process.env` is a native lookup that scans the whole
  // environment, and a large config reads it several times per `fromEnv` value. Nothing here changes it.
  env: { ...process.env },
  cwd: process.cwd(),
  isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  signal: controller.signal,
  setInterruptible: (on) => {
    interruptible = on;
  },
});
process.off("SIGINT", stop);
process.off("SIGTERM", stop);
process.exitCode = code;
