#!/usr/bin/env node
import { runCli } from "./main.js";

// The only place that touches the real process: streams, environment, signals and the exit code.
const controller = new AbortController();
const stop = () => controller.abort();
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

const code = await runCli(process.argv.slice(2), {
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
