import type { BackgroundWorker } from "../client/api-types.js";
import type { EnvironmentClient, TriggerClient } from "../client/client.js";
import type { DesiredDeployment, DesiredState } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { LiveDeployment, LiveDeploymentRef, LiveGateCounts } from "../model/live.js";
import { countRuns } from "./gate.js";
import { normaliseDeployment } from "./normalise.js";
import { assertPageBound } from "../client/endpoints/pagination.js";

/** Options of the deployment reader. */
export interface DeploymentReadOptions {
  /** The clock the gate window ends at. @default () => new Date() */
  now?: () => Date;
  /**
   * Gate counts to reuse instead of counting again (`apply --plan`: the reviewed plan's evidence is the
   * approval). Used only for the same candidate version and environment; anything else is counted.
   */
  savedGates?: Partial<Record<EnvironmentName, LiveGateCounts>>;
  /** Worker lookup shared with the schedule task check, so one version's worker is read once per plan. */
  workerOf?: (env: EnvironmentName, version: string) => Promise<BackgroundWorker | null>;
}

/** The deployment current (promoted) in `env`, normalised, or null when none is (`GET /api/v1/deployments/current`). */
export async function readCurrentDeployment(client: TriggerClient, env: EnvironmentName): Promise<LiveDeploymentRef | null> {
  const item = await client.environment(env).deployments.current();
  return item === null ? null : normaliseDeployment(item);
}

/** Reads an environment's promoted deployment, the candidate and its gate evidence. */
export type DeploymentReader = (env: EnvironmentName, want: DesiredDeployment) => Promise<LiveDeployment>;

/**
 * A reader shared by every environment of one plan, so that `/deployments/current` of an environment is read
 * once even when other environments follow it (a follow chain costs no extra request for planned
 * environments). Per environment: `current` (+ the followed environment's `current` when it is not planned),
 * then, only when a promotion is needed, the candidate's lookup in the deployment list and, when the candidate
 * is promotable, the current and candidate workers' task lists (2 requests) and, with a gate, its run counts
 * (src/live/gate.ts).
 */
export function createDeploymentReader(client: TriggerClient, options: DeploymentReadOptions = {}): DeploymentReader {
  const currents = new Map<EnvironmentName, Promise<LiveDeploymentRef | null>>();
  const currentOf = (env: EnvironmentName): Promise<LiveDeploymentRef | null> => {
    let pending = currents.get(env);
    if (!pending) {
      pending = readCurrentDeployment(client, env);
      currents.set(env, pending);
    }
    return pending;
  };
  return async (env, want) => {
    const api = client.environment(env);
    const [current, followedCurrent] = await Promise.all([currentOf(env), want.follow ? currentOf(want.follow) : undefined]);
    const live: LiveDeployment = { current };
    if (want.follow) live.followed = { environment: want.follow, version: followedCurrent?.version ?? null };
    const candidate = want.version ?? followedCurrent?.version;
    if (candidate === undefined || (current !== null && current.version === candidate)) return live;
    live.declared = await findDeployment(candidate, api);
    if (live.declared?.status === "DEPLOYED") {
      const tasksOf = async (version: string) => {
        const worker = await (options.workerOf ? options.workerOf(env, version) : api.workers.byVersion(version));
        return worker === null ? null : worker.tasks.map((t) => ({ id: t.id, scheduled: t.source === "SCHEDULED" }));
      };
      const [currentTasks, candidateTasks] = await Promise.all([current ? tasksOf(current.version) : null, tasksOf(candidate)]);
      live.tasks = { current: currentTasks, candidate: candidateTasks };
    }
    const gateEnv = want.follow ?? want.gate?.from;
    if (want.gate && gateEnv && live.declared?.status === "DEPLOYED") {
      const saved = options.savedGates?.[env];
      if (saved && saved.version === candidate && saved.environment === gateEnv) live.gate = saved;
      else {
        const now = (options.now ?? (() => new Date()))();
        const from = new Date(now.getTime() - want.gate.windowMs).toISOString();
        const counts = await countRuns(client.environment(gateEnv).runs, { version: candidate, from, ...(want.gate.tasks ? { tasks: want.gate.tasks } : {}) }, want.gate);
        live.gate = { version: candidate, environment: gateEnv, countedAt: now.toISOString(), counts };
      }
    }
    return live;
  };
}

/** The environments a desired state reads besides its own: followed environments and gate sources. */
export function promotionSources(desired: DesiredState): EnvironmentName[] {
  const own = new Set(desired.environments.map((e) => e.name));
  const extra = new Set<EnvironmentName>();
  for (const e of desired.environments) {
    for (const other of [e.deployment?.follow, e.deployment?.gate?.from]) if (other && !own.has(other)) extra.add(other);
  }
  return [...extra];
}

/** Deployments listed per page while looking a version up (the server's maximum, §5.2). */
const DEPLOYMENT_PAGE_SIZE = 100;

/**
 * The deployment with `version` in this environment, or null. There is no lookup by version in the API, so the
 * list (newest first, §5.2) is read a page of 100 at a time, stopping as soon as the version is found: one
 * request in practice, since a version about to be promoted is recent.
 */
async function findDeployment(version: string, api: EnvironmentClient): Promise<LiveDeploymentRef | null> {
  let after: string | undefined;
  const seen = new Set<string>();
  for (let pages = 1; ; pages++) {
    // A server that hands out new cursors forever is refused at the bound (issue 9 §6).
    assertPageBound(pages, { method: "GET", path: "/api/v1/deployments", environment: api.name });
    const page = await api.deployments.list({ pageSize: DEPLOYMENT_PAGE_SIZE, ...(after ? { after } : {}) });
    const data = page.data ?? [];
    const match = data.find((d) => d.version === version);
    if (match) return normaliseDeployment(match);
    const next = page.pagination?.next;
    if (!next || seen.has(next) || data.length === 0) return null;
    seen.add(next);
    after = next;
  }
}
