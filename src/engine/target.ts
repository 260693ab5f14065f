import { ENVIRONMENT_NAMES, type EnvironmentName } from "../model/environments.js";
import type { Plan, PlanDiagnostic } from "../model/plan.js";
import { summarize } from "./order.js";
import { similarNames } from "./similar.js";

/** Codes of the diagnostics {@link targetPlan} adds. */
export const TARGET_DIAGNOSTIC = {
  /** The plan was narrowed with `--target`: everything else was left out on purpose. */
  partialPlan: "partial-plan",
  /** A `--target` matched no address of the plan. */
  targetMatchesNothing: "target-matches-nothing",
} as const;

const GLOB_CHARS = /[*?]/;

/**
 * True when `pattern` selects `address`, as Terraform's `-target`: the whole address, or, for a container
 * (an environment `prod`, a kind `prod.schedules`, a queue type `prod.queues.tasks`), everything below it.
 * `*` matches any run of characters (schedule keys may contain dots), `?` one character:
 * `prod.schedules.*`, `*.envVars.LOG_LEVEL`, `prod.envVars.STRIPE_*`.
 */
export function matchesTarget(pattern: string, address: string): boolean {
  return targetRegex(pattern).test(address);
}

function targetRegex(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[\\^$+.()|[\]{}]/g, "\\$&")))
    .join("");
  const segments = pattern.split(".");
  const container = segments.length <= 2 || (segments.length === 3 && segments[1] === "queues");
  return new RegExp(container ? `^${body}(?:\\..*)?$` : `^${body}$`, "s");
}

/**
 * The environments a set of targets can touch, or undefined when one of them can touch any (its first
 * segment is a glob or not an environment name): only those need to be read and need credentials.
 */
export function targetEnvironments(patterns: readonly string[]): EnvironmentName[] | undefined {
  if (patterns.length === 0) return undefined;
  const envs = new Set<EnvironmentName>();
  for (const pattern of patterns) {
    const first = pattern.split(".")[0];
    if (GLOB_CHARS.test(first) || !(ENVIRONMENT_NAMES as readonly string[]).includes(first)) return undefined;
    envs.add(first as EnvironmentName);
  }
  return ENVIRONMENT_NAMES.filter((e) => envs.has(e));
}

/**
 * Narrows a plan to the changes and diagnostics whose address a target selects (Terraform's `-target`): the
 * summary is recounted, `targets` records the patterns (so `apply --plan` re-plans the same way), and a
 * warning says the plan is partial. A target that selects nothing is an error when it names one address
 * (a typo, with the closest addresses suggested), a warning when it is a glob. Pure; `patterns` empty
 * returns the plan unchanged.
 * @example targetPlan(plan, ["prod.schedules.*", "prod.envVars.LOG_LEVEL"])
 */
export function targetPlan(plan: Plan, patterns: readonly string[]): Plan {
  if (patterns.length === 0) return plan;
  const selected = (addr: string) => patterns.some((p) => matchesTarget(p, addr));
  const changes = plan.changes.filter((c) => selected(c.address));
  const diagnostics = plan.diagnostics.filter((d) => selected(d.address));
  const known = [...new Set([...plan.changes.map((c) => c.address), ...plan.diagnostics.map((d) => d.address)])];
  const added: PlanDiagnostic[] = [];
  for (const pattern of patterns) {
    if (known.some((a) => matchesTarget(pattern, a))) continue;
    const glob = GLOB_CHARS.test(pattern);
    const near = glob ? [] : similarNames(pattern, known);
    added.push({
      severity: glob ? "warning" : "error",
      code: TARGET_DIAGNOSTIC.targetMatchesNothing,
      address: pattern,
      message: `--target ${pattern} matches no address of the plan (nothing declared or live there)` +
        (near.length > 0 ? `; did you mean ${near.join(", ")}?` : "."),
    });
  }
  added.push({
    severity: "warning",
    code: TARGET_DIAGNOSTIC.partialPlan,
    address: patterns.join(", "),
    message:
      `Resource targeting is in effect (--target ${patterns.join(" --target ")}): this plan is partial and ` +
      "may not show every change the configuration needs. Use it for exceptional cases, then plan without --target.",
  });
  return {
    ...plan,
    targets: [...patterns],
    changes,
    summary: summarize(changes),
    diagnostics: [...added, ...diagnostics],
  };
}
