// `npm run bench`: trigger-iac side by side with a naive per-resource sync written with @trigger.dev/sdk, on the
// emulator (its own process) with injected latency, with and without Trigger.dev Cloud's real rate limit
// (750 burst, 250 per 10 s per environment). Prints Markdown; `--readme` also writes it into README.md between
// the bench markers. Wall-clock numbers belong here, never in the test suite.
import { fork } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath, URL } from "node:url";
import { coldStart, criticalPath, hashingShare, scalingSeries } from "./lib/local.mjs";
import { startEmulatorProcess } from "./lib/emulator.mjs";
import { desiredOf, syncWithTriggerIac, warmUp } from "./lib/ours.mjs";
import { declare } from "./lib/project.mjs";

const REAL_LIMIT = { maxTokens: 750, refillRate: 250, refillIntervalMs: 10_000 };
const NAIVE = fileURLToPath(new URL("./lib/naive.mjs", import.meta.url));
const lines = [];
const out = (line = "") => {
  lines.push(line);
  console.log(line);
};
const s = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const pct = (x) => `${Math.round(x * 100)}%`;

/**
 * How long the real bucket needs to admit `requests` (from full; only what it counts: no 429s, no exempt routes),
 * plus one round trip.
 */
function bucketMinimumMs(requests, latencyMs) {
  const { maxTokens, refillRate, refillIntervalMs } = REAL_LIMIT;
  return (requests <= maxTokens ? 0 : Math.ceil((requests - maxTokens) / refillRate) * refillIntervalMs) + latencyMs;
}

async function runNaive(url, mode, declareOptions) {
  const child = fork(NAIVE, [], { env: { ...process.env, BENCH_NAIVE: JSON.stringify({ url, mode, declare: declareOptions }) }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (m) => resolve(m.ms));
    child.once("exit", (code) => code !== 0 && reject(new Error(`naive script exited with ${code}`)));
  });
}

/** One scenario on a fresh emulator: trigger-iac (and the naive script on another fresh one when asked). */
async function scenario({ declareOptions, drift, withSchedules, latency, rateLimit, naive, pat }) {
  const spec = { declare: declareOptions, drift, withSchedules, latency, rateLimit };
  const desired = desiredOf(declare(declareOptions));
  const emulator = await startEmulatorProcess(spec);
  let ours;
  try {
    // A real server is warm: without a rate limit to spend, one untimed read first (for the naive run too).
    if (!rateLimit) await warmUp(emulator, desired);
    const run = await syncWithTriggerIac(emulator.url, desired, { pat });
    ours = { ...run, ...(await emulator.log()) };
  } finally {
    await emulator.close();
  }
  if (!naive) return { ours };
  const other = await startEmulatorProcess(spec);
  try {
    if (!rateLimit) await warmUp(other, desired);
    const ms = await runNaive(other.url, naive, declareOptions);
    return { ours, naive: { ms, ...(await other.log()) } };
  } finally {
    await other.close();
  }
}

const started = performance.now();
out(`Measured on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0].toFixed(1)} at start (the machine was shared with other jobs: wall times are noisy, request counts are exact).`);
out();

// 1. 2,000 schedule updates in one environment under the real limit.
out("### Under the real rate limit (750 burst, 250 per 10 s per environment), 25 ms latency");
out();
out("| scenario | tool | requests | per operation | 429s | wall | theoretical minimum | % of allowance |");
out("|---|---|---:|---:|---:|---:|---:|---:|");
{
  const d = { environments: ["prod"], schedules: 2000, hour: "4" };
  const r = await scenario({ declareOptions: d, drift: "hour3", latency: 25, rateLimit: REAL_LIMIT, naive: "sync" });
  const minOurs = bucketMinimumMs(r.ours.limited, 25);
  const minNaive = bucketMinimumMs(r.naive.limited, 25);
  out(`| 2,000 schedule updates | trigger-iac (plan + apply) | ${r.ours.total} | ${(r.ours.total / 2000).toFixed(3)} | ${r.ours.tooMany} | ${s(r.ours.ms)} | ${s(minOurs)} | ${pct(minOurs / r.ours.ms)} |`);
  out(`| 2,000 schedule updates | naive SDK script | ${r.naive.total} | ${(r.naive.total / 2000).toFixed(3)} | ${r.naive.tooMany} | ${s(r.naive.ms)} | ${s(minNaive)} | ${pct(minNaive / r.naive.ms)} |`);
}
// 2. 2,000 creates at three latencies.
for (const latency of [25, 50, 150]) {
  const d = { environments: ["prod"], schedules: 2000 };
  const r = await scenario({ declareOptions: d, withSchedules: false, latency, rateLimit: REAL_LIMIT });
  const min = bucketMinimumMs(r.ours.limited, latency);
  out(`| 2,000 schedule creates, ${latency} ms | trigger-iac (plan + apply) | ${r.ours.total} | ${(r.ours.total / 2000).toFixed(3)} | ${r.ours.tooMany} | ${s(r.ours.ms)} | ${s(min)} | ${pct(min / r.ours.ms)} |`);
}
// 3. 3 environments x 990 creates, against one environment alone.
{
  const three = await scenario({ declareOptions: { schedules: 990 }, withSchedules: false, latency: 25, rateLimit: REAL_LIMIT });
  const one = await scenario({ declareOptions: { environments: ["prod"], schedules: 990 }, withSchedules: false, latency: 25, rateLimit: REAL_LIMIT });
  const minThree = bucketMinimumMs(three.ours.limited / 3, 25);
  const minOne = bucketMinimumMs(one.ours.limited, 25);
  out(`| 3 environments × 990 creates | trigger-iac (plan + apply) | ${three.ours.total} | ${(three.ours.total / 2970).toFixed(3)} | ${three.ours.tooMany} | ${s(three.ours.ms)} | ${s(minThree)} | ${pct(minThree / three.ours.ms)} |`);
  out(`| 1 environment × 990 creates | trigger-iac (plan + apply) | ${one.ours.total} | ${(one.ours.total / 990).toFixed(3)} | ${one.ours.tooMany} | ${s(one.ours.ms)} | ${s(minOne)} | ${pct(minOne / one.ours.ms)} |`);
  out();
  out(`Three environments took ${(three.ours.ms / one.ours.ms).toFixed(2)}× the time of one: each has its own bucket and its own concurrency.`);
}
out();

// 4. Full sync: plan + apply of 42 changes, no rate limit, at three latencies.
out("### Full sync (plan + apply of 42 changes), no rate limit");
out();
out("| project | latency | trigger-iac requests | trigger-iac wall | naive requests | naive wall | trigger-iac is faster by | fewer requests |");
out("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [latency, size] of [[25, { envVars: 1000, schedules: 300, queues: 150 }], [50, { envVars: 250, schedules: 75, queues: 40 }], [150, { envVars: 250, schedules: 75, queues: 40 }]]) {
  const r = await scenario({ declareOptions: size, drift: "fourteen", latency, naive: "sync" });
  if (r.ours.changes !== 42) throw new Error(`expected 42 changes, planned ${r.ours.changes}`);
  const project = `3 × (${size.envVars} vars, ${size.schedules} schedules, ${size.queues} queues)`;
  out(`| ${project} | ${latency} ms | ${r.ours.total} | ${s(r.ours.ms)} | ${r.naive.total} | ${s(r.naive.ms)} | ${(r.naive.ms / r.ours.ms).toFixed(1)}× | ${(r.naive.total / r.ours.total).toFixed(0)}× |`);
}
out();

// 5. Plan critical path, in round trips.
out("### Plan critical path (round trips = wall ÷ latency rounded down, small project, 500 ms latency)");
out();
out("| credentials | requests | wall | round trips |");
out("|---|---:|---:|---:|");
for (const row of await criticalPath(scenario)) out(`| ${row.credentials} | ${row.requests} | ${s(row.ms)} | ${row.roundTrips} |`);
out();

// 6. Fingerprint hashing.
out("### Plan CPU and fingerprint hashing (3 × (1000 vars, 300 schedules, 150 queues), in process)");
out();
const hashing = await hashingShare();
out("| hash | planChanges CPU | of which hashing | share |");
out("|---|---:|---:|---:|");
for (const row of hashing) out(`| ${row.hash} | ${row.planMs.toFixed(1)} ms | ${row.hashMs.toFixed(1)} ms | ${pct(row.hashMs / row.planMs)} |`);
out();

// 7. Scaling series and cold start.
out("### Scaling (CLI runs; 1× = 3 × (1,000 vars, 100 schedules, 50 queues); plan against the emulator, no latency)");
out();
out("| size | objects | validate wall (median of 3) | validate CPU (in process) | µs CPU per object | plan wall |");
out("|---|---:|---:|---:|---:|---:|");
for (const row of await scalingSeries()) {
  out(`| ${row.scale}× | ${row.objects} | ${s(row.validateMs)} | ${s(row.validateCpuMs)} | ${((row.validateCpuMs * 1000) / row.objects).toFixed(1)} | ${s(row.planMs)} |`);
}
out();
const cold = await coldStart();
out("### Cold start (median of " + cold.runs + " runs, tiny config)");
out();
out("| command | median wall | × `node -e 0` |");
out("|---|---:|---:|");
out(`| \`node -e 0\` | ${cold.nodeMs.toFixed(0)} ms | 1.0× |`);
out(`| \`trigger-iac validate\` | ${cold.validateMs.toFixed(0)} ms | ${(cold.validateMs / cold.nodeMs).toFixed(2)}× |`);
out();
out(`Whole benchmark: ${s(performance.now() - started)}.`);

if (process.argv.includes("--readme")) {
  const readme = fileURLToPath(new URL("../README.md", import.meta.url));
  const text = readFileSync(readme, "utf8");
  const start = "<!-- bench:start (generated by `npm run bench -- --readme`) -->";
  const end = "<!-- bench:end -->";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error("README.md has no bench markers");
  writeFileSync(readme, `${text.slice(0, from + start.length)}\n${lines.join("\n")}\n${text.slice(to)}`);
}
