// The benchmark's projects: what is declared (one model), the trigger-iac.yaml that declares it, and the emulator
// seed that is live (the declared state, or a drifted copy). trigger-iac and the naive SDK script get the same
// declarations.
export const PROJECT = "proj_benchxxxxxxxxxxxxxxxx";
export const KEYS = { dev: "tr_dev_benchDevKey00000000000000", staging: "tr_stg_benchStgKey00000000000000", prod: "tr_prod_benchProdKey0000000000000" };
export const PAT = "tr_pat_benchPersonalAccessToken000000000";
export const VERSION = "20261120.1";
const task = (i) => `task-${String(i).padStart(5, "0")}`;

/**
 * Per environment: `envVars` variables (every 10th secret), `schedules` (task i mod tasks, cron `i mod 60 <hour>`),
 * `queues` task queues (every 4th overridden to 5). `tasks` scheduled tasks (default: one per queue, at least 1).
 */
export function declare({ environments = ["dev", "staging", "prod"], envVars = 0, schedules = 0, queues = 0, hour = "*", tasks } = {}) {
  const taskCount = tasks ?? Math.max(1, queues);
  const out = {};
  for (const env of environments) {
    out[env] = {
      envVars: Array.from({ length: envVars }, (_, i) => ({ name: `VAR_${i}`, value: i % 10 === 0 ? `secret-${i}` : `value-${i}`, secret: i % 10 === 0 })),
      schedules: Array.from({ length: schedules }, (_, i) => ({ key: `job-${i}`, task: task(i % taskCount), cron: `${i % 60} ${hour} * * *`, deduplicationKey: `iac:${env}:job-${i}` })),
      queues: Array.from({ length: queues }, (_, i) => ({ name: task(i), limit: i % 4 === 0 ? 5 : null })),
      tasks: taskCount,
      deployment: env === "dev" ? undefined : VERSION,
    };
  }
  return out;
}

/** The trigger-iac.yaml declaring `decl`; secrets come `fromEnv` ({@link secretEnv}). */
export function configText(decl) {
  const lines = ["version: 1", `project: ${PROJECT}`, "environments:"];
  for (const [env, d] of Object.entries(decl)) {
    lines.push(`  ${env}:`, "    prune: { envVars: false, schedules: false, queues: false }", "    maximumConcurrencyLimit: 1000");
    if (d.deployment) lines.push(`    deployment: { version: "${d.deployment}" }`);
    if (d.envVars.length > 0) {
      lines.push("    envVars:");
      for (const v of d.envVars) lines.push(v.secret ? `      ${v.name}: { fromEnv: BENCH_${v.name}, secret: true }` : `      ${v.name}: ${v.value}`);
    }
    if (d.queues.length > 0) {
      lines.push("    queues:", "      tasks:");
      for (const q of d.queues) lines.push(`        ${q.name}: { concurrencyLimit: ${q.limit ?? "null"} }`);
    }
    if (d.schedules.length > 0) {
      lines.push("    schedules:");
      for (const s of d.schedules) lines.push(`      ${s.key}: { task: ${s.task}, cron: "${s.cron}" }`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The process environment the config's `fromEnv` secrets read. */
export function secretEnv(decl) {
  const env = {};
  for (const d of Object.values(decl)) for (const v of d.envVars) if (v.secret) env[`BENCH_${v.name}`] = v.value;
  return env;
}

/**
 * The emulator seed: the declared state, changed by `drift(env, copy)` when given (it may edit the copy's
 * envVars / schedules / queues arrays in place), and with `withSchedules: false` no schedules at all.
 */
export function seedOf(decl, { drift, withSchedules = true } = {}) {
  const environments = {};
  for (const [env, d0] of Object.entries(decl)) {
    const d = JSON.parse(JSON.stringify(d0));
    drift?.(env, d);
    const tasks = Array.from({ length: Math.max(d.tasks, d.queues.length) }, (_, i) => ({ id: task(i), scheduled: true, concurrencyLimit: 10 }));
    environments[env] = {
      apiKey: KEYS[env],
      maximumConcurrencyLimit: 1000,
      deployments: [{ version: VERSION, createdAt: "2026-11-20T00:00:00.000Z", tasks }],
      current: env === "dev" ? undefined : VERSION,
      envVars: Object.fromEntries(d.envVars.map((v) => [v.name, v.secret ? { value: v.value, secret: true } : v.value])),
      schedules: withSchedules ? d.schedules.map((s) => ({ task: s.task, cron: s.cron, timezone: "UTC", deduplicationKey: s.deduplicationKey })) : [],
      queues: d.queues.filter((q) => q.limit !== null).map((q) => ({ type: "task", name: q.name, override: q.limit })),
    };
  }
  return { personalAccessTokens: [{ token: PAT }], projects: [{ ref: PROJECT, environments }] };
}

/**
 * 14 changes per environment (42 for three): 5 plain values changed and 1 variable missing, 4 crons changed
 * and 2 schedules missing, 2 queue overrides changed.
 */
export function driftFourteen(_env, d) {
  for (const i of [1, 2, 3, 4, 5]) d.envVars[i].value = `stale-${i}`;
  d.envVars.splice(7, 1);
  for (const i of [1, 2, 3, 4]) d.schedules[i].cron = "59 23 * * *";
  d.schedules.splice(d.schedules.length - 2, 2);
  d.queues[0].limit = 7;
  d.queues[4].limit = 7;
}
