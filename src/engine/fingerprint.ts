import type { DesiredState } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { LiveState } from "../model/live.js";
import { isActionable, type Change, type Plan } from "../model/plan.js";
import { canonicalJson } from "./canonical.js";
import { sha256Hex } from "./sha256.js";
import { compareStrings } from "../util/compare.js";

/**
 * A SHA-256 function: the UTF-8 bytes of `text` to 64 lowercase hex digits. The engine's own ({@link sha256Hex})
 * runs anywhere; an edge with `node:crypto` passes a native one, some 45x faster on a large plan.
 */
export type HashHex = (text: string) => string;

/**
 * A digest of the live state (`sha256:<hex>` over its canonical JSON) for staleness checks. Secret values
 * are left out (only whether one was read is kept), so the digest reveals nothing about them; plain
 * values are in, so a plain value changed by someone else makes a saved plan stale.
 */
export function liveFingerprint(live: LiveState, hash: HashHex = sha256Hex): string {
  const environments = [...live.environments]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((env) => ({
      ...env,
      // Gate run counts are evidence, not state: new runs arrive all the time, and `apply --plan` reuses the
      // reviewed counts (src/live/promotion.ts). A changed candidate still shows in `followed` and `declared`.
      deployment: env.deployment && { ...env.deployment, gate: undefined },
      envVars:
        env.envVars === undefined
          ? undefined
          : Object.fromEntries(
              Object.keys(env.envVars)
                .sort()
                .map((name) => {
                  const v = env.envVars![name];
                  const origin = v.inherited ? { inherited: true } : {};
                  return [name, v.isSecret ? { isSecret: true, valueRead: v.value !== undefined, ...origin } : { isSecret: false, value: v.value, ...origin }];
                }),
            ),
    }));
  return `sha256:${hash(canonicalJson({ project: live.project, environments }))}`;
}

/**
 * A digest of the desired state of the planned environments (`sha256:<hex>`), for staleness checks: a
 * saved plan masks env var values, so without it `apply --plan` would write a value edited in the file
 * after the plan was reviewed. Source positions are left out (moving or splitting declarations changes
 * nothing), queues are sorted (their order in the file means nothing), and secret values are left out
 * like in {@link liveFingerprint}, so the digest reveals nothing about them.
 */
export function desiredFingerprint(desired: DesiredState, environments: readonly EnvironmentName[], hash: HashHex = sha256Hex): string {
  const envs = desired.environments
    .filter((env) => environments.includes(env.name))
    .map((env) => ({
      name: env.name,
      prune: env.prune,
      maximumConcurrencyLimit: env.maximumConcurrencyLimit,
      // A pinned version alone digests as before, so plans saved by earlier releases stay comparable.
      deployment:
        env.deployment?.follow || env.deployment?.gate || env.deployment?.verify
          ? { version: env.deployment.version, follow: env.deployment.follow, gate: env.deployment.gate, verify: env.deployment.verify }
          : env.deployment?.version,
      envVars:
        env.envVars === undefined
          ? undefined
          : Object.fromEntries(
              Object.values(env.envVars).map((v) => [
                v.name,
                "exists" in v ? { exists: true, secret: v.secret } : v.secret ? { secret: true } : { secret: false, value: v.value },
              ]),
            ),
      schedules:
        env.schedules === undefined
          ? undefined
          : Object.fromEntries(Object.values(env.schedules).map(({ source: _source, ...schedule }) => [schedule.key, schedule])),
      queues: env.queues
        ?.map(({ source: _source, ...queue }) => queue)
        .sort((a, b) => compareStrings(`${a.type}:${a.name}`, `${b.type}:${b.name}`)),
    }));
  return `sha256:${hash(canonicalJson({ project: desired.project, environments: envs }))}`;
}

/**
 * Why a saved plan no longer matches a fresh one computed from current live state; empty when it still
 * does. `apply --plan` refuses a stale plan: applying it could undo someone else's change.
 */
export function comparePlans(saved: Plan, fresh: Plan): string[] {
  const reasons: string[] = [];
  if (saved.formatVersion !== fresh.formatVersion) {
    reasons.push(`The plan has format version ${String(saved.formatVersion)}; this version of trigger-iac writes ${fresh.formatVersion}.`);
  }
  if (saved.project !== fresh.project) reasons.push(`The plan is for project ${saved.project}, the configuration for ${fresh.project}.`);
  if (saved.liveFingerprint !== fresh.liveFingerprint) reasons.push("Live state changed since the plan was made.");
  const before = new Map(saved.changes.filter(isActionable).map((c) => [c.address, c]));
  const after = new Map(fresh.changes.filter(isActionable).map((c) => [c.address, c]));
  for (const [addr, change] of before) {
    const now = after.get(addr);
    if (!now) reasons.push(`${addr}: the plan says ${change.action}, there is nothing to do now.`);
    else if (now.action !== change.action) reasons.push(`${addr}: the plan says ${change.action}, now it is ${now.action}.`);
    else if (canonicalJson(changeContent(change)) !== canonicalJson(changeContent(now))) {
      reasons.push(`${addr}: the planned ${change.action} differs from what is needed now.`);
    }
  }
  for (const [addr, change] of after) {
    if (!before.has(addr)) reasons.push(`${addr}: ${change.action} is needed now but not in the plan.`);
  }
  // Last, and only when nothing above explains it: a change the plan cannot show (a masked env var value).
  if (reasons.length === 0 && saved.desiredFingerprint !== undefined && saved.desiredFingerprint !== fresh.desiredFingerprint) {
    reasons.push("The configuration changed since the plan was made, in a way the plan does not show (such as an env var value).");
  }
  return reasons;
}

/**
 * What makes two changes at one address the same operation (notes and sources are commentary). Env var
 * values are compared by path only: whether they were shown depends on `--show-values`, not on live state.
 */
function changeContent(change: Change): unknown {
  const fields = change.fields.map((f) =>
    change.kind === "envVar" && f.path === "value" ? { path: f.path, sensitive: f.sensitive } : { path: f.path, before: f.before, after: f.after },
  );
  return { action: change.action, fields, remoteId: change.remoteId };
}
