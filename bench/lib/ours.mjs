// trigger-iac as a library, the way the CLI runs it: read live, plan (fingerprints hashed with node:crypto),
// apply. The declarations are parsed before the clock starts, as the naive script's are built before it.
import { performance } from "node:perf_hooks";
import { applyPlan, createApplyOps, createTriggerClient, nodeSha256Hex, planChanges, readLive, validateConfigText } from "../../dist/index.js";
import { configText, KEYS, PAT, PROJECT, secretEnv } from "./project.mjs";

/** The desired state of `decl`, through the same YAML loader the CLI uses. */
export function desiredOf(decl) {
  const { desired, issues } = validateConfigText(configText(decl), "trigger-iac.yaml", secretEnv(decl));
  if (!desired) throw new Error(`bench config invalid: ${issues.map((i) => i.message).join("; ")}`);
  return desired;
}

/** Plan and apply against `url`; `apply: false` stops after the plan. Times in ms. */
export async function syncWithTriggerIac(url, desired, { pat = false, apply = true } = {}) {
  const credentials = pat ? { accessToken: PAT } : { secretKeys: KEYS };
  const client = createTriggerClient({ baseUrl: url, projectRef: PROJECT, credentials });
  try {
    const started = performance.now();
    const plan = planChanges(desired, await readLive(desired, client), { hash: nodeSha256Hex });
    const planned = performance.now();
    const changes = plan.changes.filter((c) => c.action !== "noop" && c.action !== "unmanaged").length;
    let failed = 0;
    if (apply && changes > 0) failed = (await applyPlan(plan, desired, createApplyOps(client))).failed.length;
    const done = performance.now();
    if (failed > 0) throw new Error(`bench apply failed for ${failed} change(s)`);
    return { ms: done - started, planMs: planned - started, applyMs: done - planned, changes };
  } finally {
    await client.close();
  }
}

/** One untimed read of everything `desired` declares (warms the emulator's code paths), then a clean request log. */
export async function warmUp(emulator, desired) {
  const client = createTriggerClient({ baseUrl: emulator.url, projectRef: PROJECT, credentials: { secretKeys: KEYS } });
  try {
    await readLive(desired, client);
  } finally {
    await client.close();
  }
  await emulator.clear();
}
