// The naive per-resource sync, written with the official @trigger.dev/sdk as a user would: for every declared
// resource one SDK call, ten at a time, one environment after the other. `sync` writes each resource with the
// API's upserts (env var create, schedule create with its deduplication key, queue override or reset); `plan`
// reads each one (what a dry run would need). Run as a child process: the SDK's configuration is global.
// Input: BENCH_NAIVE = { url, mode, declare } (declare() options); output over IPC: { ms }.
import { performance } from "node:perf_hooks";
import { configure, envvars, queues, schedules } from "@trigger.dev/sdk";
import { declare, KEYS, PROJECT } from "./project.mjs";

const { url, mode, declare: options } = JSON.parse(process.env.BENCH_NAIVE);
const decl = declare(options);

async function pool(items, size, worker) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await worker(items[next++]);
  }));
}

const ignore = () => {};
process.on("disconnect", () => process.exit(0)); // the bench went away

const started = performance.now();
for (const [env, d] of Object.entries(decl)) {
  // The SDK retries 429s and 5xx itself (its default policy); only the environment's key changes.
  configure({ baseURL: url, accessToken: KEYS[env] });
  const calls = [
    ...d.envVars.map((v) =>
      mode === "plan"
        ? () => envvars.retrieve(PROJECT, env, v.name)
        : v.secret
          ? () => envvars.upload(PROJECT, env, { variables: { [v.name]: v.value }, isSecret: true, override: true })
          : () => envvars.create(PROJECT, env, { name: v.name, value: v.value }),
    ),
    ...d.schedules.map((s) =>
      mode === "plan"
        ? () => schedules.retrieve(s.deduplicationKey).catch(ignore)
        : () => schedules.create({ task: s.task, cron: s.cron, timezone: "UTC", deduplicationKey: s.deduplicationKey }),
    ),
    ...d.queues.map((q) =>
      mode === "plan"
        ? () => queues.retrieve({ type: "task", name: q.name })
        : q.limit === null
          ? () => queues.resetConcurrencyLimit({ type: "task", name: q.name }).catch(ignore) // 400 when not overridden
          : () => queues.overrideConcurrencyLimit({ type: "task", name: q.name }, q.limit),
    ),
  ];
  await pool(calls, 10, (call) => call());
}
process.send({ ms: performance.now() - started }, () => process.exit(0));
