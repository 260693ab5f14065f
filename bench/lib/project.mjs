// The benchmark project: 3 environments x (env vars, schedules, queues) at a chosen size, as an emulator seed
// and as the trigger-iac.yaml that declares exactly it. Sizes scale together (1x = 1,000 / 100 / 50 per env).
export const ENVIRONMENTS = ["dev", "staging", "prod"];
export const PROJECT = "proj_benchxxxxxxxxxxxxxxxx";
export const KEYS = { dev: "tr_dev_benchDevKey00000000000000", staging: "tr_stg_benchStgKey00000000000000", prod: "tr_prod_benchProdKey0000000000000" };
export const VERSION = "20261120.1";

/** Counts per environment at scale factor `x`. */
export function sizes(x) {
  return { envVars: 1000 * x, schedules: 100 * x, queues: 50 * x };
}

const task = (i) => `task-${String(i).padStart(5, "0")}`;

/** The emulator seed: every declared object exists (secret every 10th variable). */
export function seedFor(size, options = {}) {
  const tasks = Array.from({ length: size.queues }, (_, i) => ({ id: task(i), scheduled: true, concurrencyLimit: 10 }));
  const environments = {};
  for (const env of options.environments ?? ENVIRONMENTS) {
    environments[env] = {
      apiKey: KEYS[env],
      maximumConcurrencyLimit: 1000,
      deployments: [{ version: VERSION, createdAt: "2026-11-20T00:00:00.000Z", tasks }],
      current: env === "dev" ? undefined : VERSION,
      envVars: Object.fromEntries(
        Array.from({ length: size.envVars }, (_, i) => [`VAR_${i}`, i % 10 === 0 ? { value: `secret-${i}`, secret: true } : `value-${i}`]),
      ),
      schedules: Array.from({ length: size.schedules }, (_, i) => ({
        task: task(i % size.queues),
        cron: `${i % 60} * * * *`,
        timezone: "UTC",
        deduplicationKey: `iac:${env}:job-${i}`,
      })),
      queues: tasks.filter((_, i) => i % 4 === 0).map((t) => ({ type: "task", name: t.id, override: 5 })),
    };
  }
  return { personalAccessTokens: [{ token: "tr_pat_benchPersonalAccessToken000000000" }], projects: [{ ref: PROJECT, environments }] };
}

/** trigger-iac.yaml declaring the seed; secrets come `fromEnv` (see {@link secretEnv}). */
export function configFor(size, options = {}) {
  const lines = ["version: 1", `project: ${PROJECT}`, "environments:"];
  for (const env of options.environments ?? ENVIRONMENTS) {
    lines.push(`  ${env}:`, "    prune: { envVars: false, schedules: false, queues: false }", "    maximumConcurrencyLimit: 1000");
    if (env !== "dev") lines.push(`    deployment: { version: "${VERSION}" }`);
    lines.push("    envVars:");
    for (let i = 0; i < size.envVars; i++) {
      lines.push(i % 10 === 0 ? `      VAR_${i}: { fromEnv: BENCH_SECRET_${i}, secret: true }` : `      VAR_${i}: value-${i}`);
    }
    lines.push("    queues:", "      tasks:");
    for (let i = 0; i < size.queues; i++) lines.push(`        ${task(i)}: { concurrencyLimit: ${i % 4 === 0 ? 5 : "null"} }`);
    lines.push("    schedules:");
    for (let i = 0; i < size.schedules; i++) lines.push(`      job-${i}: { task: ${task(i % size.queues)}, cron: "${i % 60} * * * *" }`);
  }
  return `${lines.join("\n")}\n`;
}

/** The process environment the config's `fromEnv` secrets read. */
export function secretEnv(size) {
  const env = {};
  for (let i = 0; i < size.envVars; i += 10) env[`BENCH_SECRET_${i}`] = `secret-${i}`;
  return env;
}
