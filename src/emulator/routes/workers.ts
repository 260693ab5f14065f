import { ENV_VAR_SLUG } from "../../model/environments.js";
import type { KeyEnv } from "../auth.js";
import { API_KEY_ERROR, envOfSlug, INVALID_ENVIRONMENT_SLUG, INVALID_PROJECT_REF, isResponse, patProject } from "../auth.js";
import type { RouteResponse } from "../http.js";
import { error, json } from "../http.js";
import type { Route, RouteContext } from "../router.js";
import { decodeParam, route } from "../router.js";
import type { DeploymentState, TaskState } from "../state.js";
import { compareStrings } from "../../util/compare.js";

/**
 * A worker's tasks ordered by slug, as `api.v1.projects.$projectRef.$env.workers.$tagName.ts` reads them
 * (`orderBy: { slug: "asc" }`); the background-workers route leaves the order to the database, and the emulator
 * gives it the same one.
 */
export function tasksBySlug(deployment: DeploymentState): TaskState[] {
  return [...deployment.tasks].sort((a, b) => compareStrings(a.slug, b.slug));
}

/** `triggerSource` of a `BackgroundWorkerTask`: SCHEDULED for `schedules.task()`, STANDARD otherwise. */
export function triggerSource(task: TaskState): "SCHEDULED" | "STANDARD" {
  return task.scheduled ? "SCHEDULED" : "STANDARD";
}

/**
 * `BackgroundWorkerTask.queueConfig`: the queue options the task declared, stored as the deploy sent them
 * (`queueConfig: task.queue` in `createBackgroundTasks`), null when it declared none. State files written before
 * the emulator kept it derive it from the declared limit.
 */
export function queueConfig(task: TaskState): TaskState["queueConfig"] {
  if (task.queueConfig !== undefined) return task.queueConfig;
  return task.concurrencyLimit !== null ? { concurrencyLimit: task.concurrencyLimit } : null;
}

/**
 * The environment of `GET /api/v1/projects/{ref}/background-workers/{envSlug}/{version}`, authenticated as the
 * server does (`authenticateRequest` + `authenticatedEnvironmentForAuthentication` in
 * `apps/webapp/app/services/apiAuth.server.ts`):
 * - a PAT reaches the environments of its projects (404 "Project not found" / "Environment not found");
 * - a secret key must belong to the project in the path (400 "Invalid project ref…") and to the environment in
 *   the path: the route passes the `x-trigger-branch` header (undefined when absent) as the branch, so unlike the
 *   env var routes the slug check always applies to a key that is not a branch key (400 "Invalid environment slug…");
 * - the legacy key lookup refuses restricted scoped keys and preview keys without a known branch, and anything
 *   unknown: 401 "Invalid or Missing API key".
 */
function workerTarget(ctx: RouteContext): KeyEnv | RouteResponse {
  const ref = decodeParam(ctx.params.ref as string);
  ctx.setLogProjectRef(ref);
  const slug = decodeParam(ctx.params.env as string);
  const credential = ctx.credential;
  if (credential.kind === "pat") {
    const project = patProject(ctx.state, credential, ref);
    if (isResponse(project)) return project;
    const envName = envOfSlug(slug);
    const env = envName ? project.environments[envName] : undefined;
    if (!envName || !env) return error(404, "Environment not found");
    return { project, envName, env };
  }
  if (credential.kind !== "secretKey") return error(401, API_KEY_ERROR);
  const restricted = credential.scopes !== undefined && !credential.scopes.includes("admin");
  if (credential.branchError !== undefined || restricted) return error(401, API_KEY_ERROR);
  if (credential.project.ref !== ref) return error(400, INVALID_PROJECT_REF);
  const urlSlug = slug === "staging" ? "stg" : slug;
  if (ENV_VAR_SLUG[credential.envName] !== urlSlug && credential.branch === undefined) return error(400, INVALID_ENVIRONMENT_SLUG);
  return { project: credential.project, envName: credential.envName, env: credential.env };
}

/**
 * GET /api/v1/projects/{ref}/background-workers/{envSlug}/{version}
 * (`api.v1.projects.$projectRef.background-workers.$envSlug.$version.ts`): the worker of that version in the
 * environment, with its tasks (`source` is the task's `triggerSource`) and files. The emulator keeps no task
 * source code, so a file's `contents` is empty.
 */
function backgroundWorker(ctx: RouteContext): RouteResponse {
  const target = workerTarget(ctx);
  if (isResponse(target)) return target;
  const version = decodeParam(ctx.params.version as string);
  const d = target.env.deployments.find((x) => x.version === version && x.workerId);
  if (!d || !d.workerId) return error(404, "Background worker not found");
  const tasks = tasksBySlug(d);
  const files = [...new Set(tasks.map((t) => t.filePath))].map((filePath, i) => ({
    id: `file_${d.workerId!.slice("worker_".length)}${i}`,
    filePath,
    contentHash: d.contentHash,
    contents: "",
    tasks: tasks.filter((t) => t.filePath === filePath).map((t) => t.slug),
  }));
  return json(200, {
    id: d.workerId,
    version: d.version,
    cliVersion: "4.8.3",
    sdkVersion: "4.8.3",
    contentHash: d.contentHash,
    createdAt: d.createdAt,
    updatedAt: d.deployedAt ?? d.createdAt,
    tasks: tasks.map((t) => ({
      id: t.slug,
      exportName: exportNameOf(t.slug),
      filePath: t.filePath,
      source: triggerSource(t),
      retryConfig: null,
      queueConfig: queueConfig(t),
    })),
    files,
  });
}

/** The export a task id is conventionally declared under (`send-email` → `sendEmail`). */
function exportNameOf(slug: string): string {
  return slug.replace(/[-_]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The routes of this family. */
export const workerRoutes: Route[] = [
  route(["GET"], "/api/v1/projects/:ref/background-workers/:env/:version", backgroundWorker),
];
