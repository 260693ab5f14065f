import type { EnvironmentClient } from "../client/client.js";
import type { DesiredEnvironment } from "../model/desired.js";
import type { LiveWorker } from "../model/live.js";
import { compareStrings } from "../util/compare.js";

/** True when the environment declares at least one schedule (whose task the plan then checks). */
export function declaresSchedules(want: DesiredEnvironment): boolean {
  return Object.keys(want.schedules ?? {}).length > 0;
}

/**
 * The tasks of the deployment that will be current after apply, for an environment that declares schedules
 * (product.md: a schedule's task is checked at plan time). The version is the declared `deployment.version`
 * (apply promotes it) or else the current one (`GET /api/v1/deployments/current`, exempt from rate limits); its
 * tasks come from `GET /api/v1/projects/{ref}/background-workers/{env}/{version}`, one request, sent through
 * `bound` because its path names the project (the binding check). With a personal access token and no declared
 * version, `GET /api/v1/projects/{ref}/{env}/workers/current` gives both in one request. Returns null when nothing is current and
 * nothing is declared, undefined when not read (see `LiveEnvironment.worker`).
 */
export async function readWorker(
  want: DesiredEnvironment,
  api: EnvironmentClient,
  bound: <T>(request: () => Promise<T>) => Promise<T>,
  viaAccessToken = false,
): Promise<LiveWorker | null | undefined> {
  if (!declaresSchedules(want)) return undefined;
  let version = want.deployment?.version;
  if (version === undefined && viaAccessToken) {
    // A PAT reads the current worker with its tasks in one request, dev's latest worker included (§5.1).
    const current = await api.deployments.workersCurrent();
    if (current === null) return null;
    const tasks = current.worker.tasks.map((task) => ({ id: task.slug, scheduled: task.triggerSource === "SCHEDULED" }));
    return { version: current.worker.version, tasks: tasks.sort((a, b) => compareStrings(a.id, b.id)) };
  }
  if (version === undefined) {
    // dev runs the latest `trigger dev` worker, which /deployments/current does not report (api-behaviour.md §5.1).
    if (want.name === "dev") return undefined;
    const current = await api.deployments.current();
    if (current === null) return null;
    version = current.version;
  }
  const worker = await bound(() => api.workers.byVersion(version));
  return {
    version,
    tasks: worker === null ? null : worker.tasks.map((task) => ({ id: task.id, scheduled: task.source === "SCHEDULED" })),
  };
}
