// Benchmark: how long `plan` takes to read a large project, and how many requests it makes.
// Run with `npm run bench` (builds first). Wall-clock numbers belong here, never in the test suite.
//
// The emulator adds a fixed latency to every request, standing in for the network to api.trigger.dev,
// so the numbers show what the request strategy (list endpoints, pages in parallel) is worth.
import { performance } from "node:perf_hooks";
import { createTriggerClient, planChanges, readLive } from "../dist/index.js";
import { startEmulator } from "../dist/testing.js";

const ENVIRONMENTS = ["dev", "staging", "prod"];
const SIZES = { envVars: Number(process.env.BENCH_ENV_VARS ?? 1000), schedules: Number(process.env.BENCH_SCHEDULES ?? 500), queues: Number(process.env.BENCH_QUEUES ?? 200) };
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 25);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PROJECT = "proj_benchxxxxxxxxxxxxxxxx";
const KEYS = { dev: "tr_dev_benchDevKey00000000000000", staging: "tr_stg_benchStgKey00000000000000", prod: "tr_prod_benchProdKey0000000000000" };

function seed() {
  const tasks = Array.from({ length: SIZES.queues }, (_, i) => ({ id: `task-${String(i).padStart(4, "0")}`, scheduled: true, concurrencyLimit: 10 }));
  const environments = {};
  for (const env of ENVIRONMENTS) {
    environments[env] = {
      apiKey: KEYS[env],
      maximumConcurrencyLimit: 1000,
      deployments: [{ version: "20261120.1", tasks }],
      current: env === "dev" ? undefined : "20261120.1",
      envVars: Object.fromEntries(Array.from({ length: SIZES.envVars }, (_, i) => [`VAR_${i}`, i % 10 === 0 ? { value: `secret-${i}`, secret: true } : `value-${i}`])),
      schedules: Array.from({ length: SIZES.schedules }, (_, i) => ({
        task: tasks[i % tasks.length].id,
        cron: `${i % 60} * * * *`,
        timezone: "UTC",
        deduplicationKey: `iac:${env}:job-${i}`,
      })),
      queues: tasks.filter((_, i) => i % 4 === 0).map((t) => ({ type: "task", name: t.id, override: 5 })),
    };
  }
  return { projects: [{ ref: PROJECT, environments }] };
}

function desired() {
  return {
    project: PROJECT,
    environments: ENVIRONMENTS.map((name) => ({
      name,
      prune: { envVars: false, schedules: false, queues: false },
      maximumConcurrencyLimit: 1000,
      envVars: Object.fromEntries(Array.from({ length: SIZES.envVars }, (_, i) => [`VAR_${i}`, { name: `VAR_${i}`, secret: i % 10 === 0, value: i % 10 === 0 ? `secret-${i}` : `value-${i}` }])),
      schedules: Object.fromEntries(Array.from({ length: SIZES.schedules }, (_, i) => [`job-${i}`, {
        key: `job-${i}`, task: `task-${String(i % SIZES.queues).padStart(4, "0")}`, cron: `${i % 60} * * * *`, timezone: "UTC",
        externalId: null, active: true, deduplicationKey: `iac:${name}:job-${i}`,
      }])),
      queues: Array.from({ length: SIZES.queues }, (_, i) => ({ type: "task", name: `task-${String(i).padStart(4, "0")}`, concurrencyLimit: i % 4 === 0 ? 5 : null })),
      ...(name === "dev" ? {} : { deployment: { version: "20261120.1" } }),
    })),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const emulator = await startEmulator({ seed: seed(), latency: LATENCY_MS, rateLimit: false });
const state = desired();
const readTimes = [];
const planTimes = [];
let requests = 0;
let changes = 0;
try {
  for (let run = 0; run < RUNS; run++) {
    emulator.clearRequests();
    const client = createTriggerClient({ baseUrl: emulator.url, projectRef: PROJECT, credentials: { secretKeys: KEYS }, rateLimit: false });
    const t0 = performance.now();
    const live = await readLive(state, client);
    const t1 = performance.now();
    const plan = planChanges(state, live);
    const t2 = performance.now();
    await client.close();
    readTimes.push(t1 - t0);
    planTimes.push(t2 - t1);
    requests = emulator.requests.length;
    changes = plan.changes.filter((c) => c.action !== "noop" && c.action !== "unmanaged").length;
  }
} finally {
  await emulator.close();
}

const objects = ENVIRONMENTS.length * (SIZES.envVars + SIZES.schedules + SIZES.queues);
console.log(`trigger-iac plan benchmark (Node ${process.version}, ${RUNS} runs, median)`);
console.log(`  project:           ${ENVIRONMENTS.length} environments x (${SIZES.envVars} env vars, ${SIZES.schedules} schedules, ${SIZES.queues} queues) = ${objects} objects`);
console.log(`  emulated latency:  ${LATENCY_MS} ms per request`);
console.log(`  requests per plan: ${requests} (one request per object would be ${objects})`);
console.log(`  read live state:   ${median(readTimes).toFixed(0)} ms`);
console.log(`  compute the plan:  ${median(planTimes).toFixed(1)} ms`);
console.log(`  changes found:     ${changes} (the declared state matches the seed)`);
