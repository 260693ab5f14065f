import { ENV_VAR_SLUG } from "../../model/environments.js";
import { API_KEY_ERROR, isResponse, requireSecretKey } from "../auth.js";
import type { RouteResponse } from "../http.js";
import { error, json } from "../http.js";
import type { Route, RouteContext } from "../router.js";
import { decodeParam, route } from "../router.js";
import type { EnvState, RunState } from "../state.js";
import { DEV_USER_NAME } from "../schedules.js";
import { API_RUN_STATUSES } from "../runs.js";
import type { ZodIssue } from "../validate.js";
import { parseDuration } from "../validate.js";

/** Runs: list and retrieve, shaped per the OpenAPI contract and the SDK schemas (read-only here). */

const FINISHED = ["COMPLETED", "CANCELED", "FAILED", "CRASHED", "SYSTEM_FAILURE"];
const FAILED = ["FAILED", "CRASHED", "SYSTEM_FAILURE"];
/** Statuses a filter may name: the OpenAPI enum plus the SDK's. */
const FILTER_STATUSES = [...API_RUN_STATUSES, "REATTEMPTING", "FROZEN", "INTERRUPTED", "DEQUEUED", "WAITING"];

function durationMs(run: RunState): number {
  if (!run.startedAt) return 0;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : Date.parse(run.updatedAt);
  return Math.max(0, end - Date.parse(run.startedAt));
}

function commonFields(run: RunState): Record<string, unknown> {
  return {
    id: run.id,
    status: run.status,
    taskIdentifier: run.task,
    ...(run.version ? { version: run.version } : {}),
    isQueued: run.status === "QUEUED" || run.status === "DELAYED" || run.status === "PENDING_VERSION",
    isExecuting: run.status === "EXECUTING",
    isWaiting: false,
    isCompleted: FINISHED.includes(run.status),
    isSuccess: run.status === "COMPLETED",
    isFailed: FAILED.includes(run.status),
    isCancelled: run.status === "CANCELED",
    isTest: run.isTest,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    ...(run.startedAt ? { startedAt: run.startedAt } : {}),
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    tags: run.tags,
    costInCents: 0,
    baseCostInCents: 0,
    durationMs: durationMs(run),
  };
}

function listFilter(ctx: RouteContext, name: string): string[] | undefined {
  const raw = ctx.query.get(`filter[${name}]`);
  if (raw === null) return undefined;
  return raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** GET /api/v1/runs with filter[…] and cursor pagination, newest first. */
function list(ctx: RouteContext): RouteResponse {
  const a = requireSecretKey(ctx.credential, API_KEY_ERROR, { scope: { action: "read", type: "runs" } });
  if (isResponse(a)) return a;
  const details: ZodIssue[] = [];
  const statuses = listFilter(ctx, "status");
  const bad = (statuses ?? []).filter((s) => !FILTER_STATUSES.includes(s));
  if (bad.length > 0) details.push({ code: "custom", message: `Invalid status values: ${bad.join(", ")}`, path: ["filter[status]"] });
  const fromRaw = ctx.query.get("filter[createdAt][from]");
  const toRaw = ctx.query.get("filter[createdAt][to]");
  const dateOf = (raw: string): number => (/^\d+$/.test(raw) ? Number(raw) : Date.parse(raw));
  if (fromRaw !== null && Number.isNaN(dateOf(fromRaw))) details.push({ code: "custom", message: "Invalid date", path: ["filter[createdAt][from]"] });
  if (toRaw !== null && Number.isNaN(dateOf(toRaw))) details.push({ code: "custom", message: "Invalid date", path: ["filter[createdAt][to]"] });
  const periodRaw = ctx.query.get("filter[createdAt][period]");
  const periodMs = periodRaw !== null ? parseDuration(periodRaw) : undefined;
  if (periodRaw !== null && periodMs === undefined) details.push({ code: "custom", message: "Invalid period", path: ["filter[createdAt][period]"] });
  const sizeRaw = ctx.query.get("page[size]");
  const size = sizeRaw === null ? 25 : Number(sizeRaw);
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    details.push({ code: "custom", message: "page[size] must be an integer from 1 to 100", path: ["page[size]"] });
  }
  if (details.length > 0) return json(400, { error: "Query Error", details });
  const versions = listFilter(ctx, "version");
  const tasks = listFilter(ctx, "taskIdentifier");
  let runs = a.env.runs
    .map((r, index) => ({ r, index }))
    .sort((x, y) => (x.r.createdAt === y.r.createdAt ? y.index - x.index : x.r.createdAt < y.r.createdAt ? 1 : -1))
    .map(({ r }) => r);
  if (statuses) runs = runs.filter((r) => statuses.includes(r.status));
  if (versions) runs = runs.filter((r) => r.version !== null && versions.includes(r.version));
  if (tasks) runs = runs.filter((r) => tasks.includes(r.task));
  if (fromRaw !== null) runs = runs.filter((r) => Date.parse(r.createdAt) >= dateOf(fromRaw));
  if (toRaw !== null) runs = runs.filter((r) => Date.parse(r.createdAt) <= dateOf(toRaw));
  if (periodMs !== undefined) runs = runs.filter((r) => Date.parse(r.createdAt) >= ctx.now.getTime() - periodMs);
  const isTest = ctx.query.get("filter[isTest]");
  if (isTest === "true" || isTest === "false") runs = runs.filter((r) => r.isTest === (isTest === "true"));
  const tags = listFilter(ctx, "tag");
  if (tags) runs = runs.filter((r) => r.tags.some((t) => tags.includes(t)));
  const after = ctx.query.get("page[after]");
  const before = ctx.query.get("page[before]");
  let start = 0;
  if (after !== null) {
    const i = runs.findIndex((r) => r.id === after);
    if (i >= 0) start = i + 1;
  } else if (before !== null) {
    const i = runs.findIndex((r) => r.id === before);
    if (i >= 0) start = Math.max(0, i - size);
  }
  const page = runs.slice(start, start + size);
  const pagination: Record<string, string> = {};
  if (start + size < runs.length && page.length > 0) pagination.next = (page[page.length - 1] as RunState).id;
  if (start > 0 && page.length > 0) pagination.previous = (page[0] as RunState).id;
  const envInfo = envDetails(a.envName, a.env);
  return json(200, { data: page.map((r) => ({ ...commonFields(r), env: envInfo })), pagination });
}

function envDetails(envName: keyof typeof ENV_VAR_SLUG, env: EnvState): Record<string, string> {
  return { id: env.id, name: ENV_VAR_SLUG[envName], ...(envName === "dev" ? { user: DEV_USER_NAME } : {}) };
}

/** GET /api/v3/runs/{runId}: only runs of the key's environment. */
function retrieve(ctx: RouteContext): RouteResponse {
  const a = requireSecretKey(ctx.credential, API_KEY_ERROR, { scope: { action: "read", type: "runs" } });
  if (isResponse(a)) return a;
  const id = decodeParam(ctx.params.runId as string);
  if (!id.startsWith("run_")) return error(400, "Invalid or missing run ID");
  const run = a.env.runs.find((r) => r.id === id);
  if (!run) return error(404, "Run not found");
  return json(200, {
    ...commonFields(run),
    depth: 0,
    triggerFunction: "trigger",
    payload: {},
    ...(run.status === "COMPLETED" ? { output: {} } : {}),
    relatedRuns: {},
    attempts: [],
    attemptCount: run.startedAt ? 1 : 0,
  });
}

/** The routes of this family, most specific first. */
export const runRoutes: Route[] = [
  route(["GET"], "/api/v1/runs", list),
  route(["GET"], "/api/v3/runs/:runId", retrieve),
];
