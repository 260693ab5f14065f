// The benchmark parts that are about our own CPU and start-up rather than the API: the scaling series, cold start,
// fingerprint hashing, and the plan's round trips.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, URL } from "node:url";
import { promisify } from "node:util";
import { createTriggerClient, loadConfig, nodeSha256Hex, planChanges, readLive } from "../../dist/index.js";
import { startEmulatorProcess } from "./emulator.mjs";
import { desiredOf } from "./ours.mjs";
import { configText, declare, KEYS, PROJECT, secretEnv } from "./project.mjs";

const run = promisify(execFile);
const BIN = fileURLToPath(new URL("../../dist/cli/bin.js", import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function workspace(text) {
  const dir = mkdtempSync(join(tmpdir(), "trigger-iac-bench-"));
  writeFileSync(join(dir, "trigger-iac.yaml"), text);
  return dir;
}

async function timed(file, args, options) {
  const t0 = performance.now();
  await run(file, args, { maxBuffer: 256 * 1024 * 1024, ...options });
  return performance.now() - t0;
}

const keyEnv = (url) => ({
  TRIGGER_API_URL: url,
  TRIGGER_SECRET_KEY_DEV: KEYS.dev,
  TRIGGER_SECRET_KEY_STAGING: KEYS.staging,
  TRIGGER_SECRET_KEY_PROD: KEYS.prod,
});

/** validate (median of 3) and plan through the CLI at 1×, 2× and 10× size (1× = 3 × (1,000 vars, 100 schedules, 50 queues)). */
export async function scalingSeries(scales = [1, 2, 10]) {
  const rows = [];
  for (const scale of scales) {
    const options = { envVars: 1000 * scale, schedules: 100 * scale, queues: 50 * scale };
    const decl = declare(options);
    const dir = workspace(configText(decl));
    const env = { PATH: process.env.PATH, ...secretEnv(decl) };
    try {
      // The median of three: one start-up on a shared machine is noisy, and validate is the goal measured here.
      const validateRuns = [];
      for (let i = 0; i < 3; i++) validateRuns.push(await timed(process.execPath, [BIN, "validate"], { cwd: dir, env }));
      const validateMs = median(validateRuns);
      const cpu0 = process.cpuUsage();
      const loaded = await loadConfig({ cwd: dir, env: secretEnv(decl) });
      const cpu = process.cpuUsage(cpu0);
      if (!loaded.desired) throw new Error("bench config invalid");
      const emulator = await startEmulatorProcess({ declare: options });
      let planMs;
      try {
        planMs = await timed(process.execPath, [BIN, "plan"], { cwd: dir, env: { ...env, ...keyEnv(emulator.url) } });
      } finally {
        await emulator.close();
      }
      const objects = 3 * (options.envVars + options.schedules + options.queues);
      rows.push({ scale, objects, validateMs, validateCpuMs: (cpu.user + cpu.system) / 1000, planMs });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

/** `node -e 0` against `trigger-iac validate` on a tiny config, alternating, `runs` each. */
export async function coldStart(runs = 11) {
  const dir = workspace(`version: 1
project: ${PROJECT}
environments:
  prod:
    envVars: { LOG_LEVEL: info }
    queues: { tasks: { send-email: { concurrencyLimit: 5 } } }
    schedules:
      nightly: { task: cleanup, cron: "0 3 * * *" }
`);
  const node = [];
  const validate = [];
  try {
    for (let i = 0; i < runs; i++) {
      node.push(await timed(process.execPath, ["-e", "0"], { cwd: dir }));
      validate.push(await timed(process.execPath, [BIN, "validate"], { cwd: dir, env: { PATH: process.env.PATH } }));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { runs, nodeMs: median(node), validateMs: median(validate) };
}

/** planChanges' CPU time with the engine's portable SHA-256 and with node:crypto's, and the hashing part of it. */
export async function hashingShare() {
  const options = { envVars: 1000, schedules: 300, queues: 150 };
  const desired = desiredOf(declare(options));
  const emulator = await startEmulatorProcess({ declare: options });
  let live;
  try {
    const client = createTriggerClient({ baseUrl: emulator.url, projectRef: PROJECT, credentials: { secretKeys: KEYS } });
    live = await readLive(desired, client);
    await client.close();
  } finally {
    await emulator.close();
  }
  const { sha256Hex } = await import("../../dist/engine/sha256.js");
  const rows = [];
  for (const [name, hash] of [["portable (engine default)", sha256Hex], ["node:crypto (injected by CLI and Pulumi)", nodeSha256Hex]]) {
    const plans = [];
    const hashes = [];
    for (let i = 0; i < 7; i++) {
      let hashMs = 0;
      const timedHash = (text) => {
        const t = performance.now();
        const digest = hash(text);
        hashMs += performance.now() - t;
        return digest;
      };
      const t0 = performance.now();
      planChanges(desired, live, { hash: timedHash });
      plans.push(performance.now() - t0);
      hashes.push(hashMs);
    }
    rows.push({ hash: name, planMs: median(plans), hashMs: median(hashes) });
  }
  return rows;
}

/** The plan's round trips with secret keys and with a PAT: a small project at a long latency. */
export async function criticalPath(scenario, latency = 500) {
  const declareOptions = { envVars: 100, schedules: 20, queues: 10 };
  const rows = [];
  for (const pat of [false, true]) {
    const r = await scenario({ declareOptions, latency, pat });
    rows.push({ credentials: pat ? "personal access token" : "secret keys", requests: r.ours.total, ms: r.ours.planMs, roundTrips: Math.floor(r.ours.planMs / latency) });
  }
  return rows;
}
