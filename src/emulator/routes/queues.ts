import type { KeyEnv } from "../auth.js";
import { API_KEY_ERROR, isResponse, requireSecretKey } from "../auth.js";
import type { RouteResponse } from "../http.js";
import { error, json } from "../http.js";
import type { Route, RouteContext } from "../router.js";
import { ACTION_ROUTE_LOADER, route } from "../router.js";
import type { QueueLookupType } from "../queues.js";
import { QUEUE_LOOKUP_TYPES, overrideQueue, resetQueue, resolveQueue, toQueueItem } from "../queues.js";
import type { ZodIssue } from "../validate.js";
import { compact, enumIssue, formatValidationError, positiveIntParam, typeIssue } from "../validate.js";
import { compareStrings } from "../../util/compare.js";
import { isRecord } from "../../util/objects.js";

/** Queue routes: apiBuilder, secret keys (api-behaviour.md §4). */

function auth(ctx: RouteContext): KeyEnv | RouteResponse {
  return requireSecretKey(ctx.credential, API_KEY_ERROR, { scope: { action: ctx.method === "GET" ? "read" : "write", type: "queues" } });
}

/** apiBuilder body parsing: empty, invalid JSON and zod failures (§1.4). */
function objectBody(ctx: RouteContext): Record<string, unknown> | RouteResponse {
  if (ctx.body.kind === "empty") return error(400, "Request body is empty");
  if (ctx.body.kind === "invalid") return error(400, "Invalid JSON");
  if (!isRecord(ctx.body.value)) return error(400, formatValidationError(compact([typeIssue(ctx.body.value, "object", [])])));
  return ctx.body.value;
}

function bodyType(body: Record<string, unknown>): { type?: QueueLookupType; issue?: ZodIssue } {
  if (body.type === undefined) return { type: "id" };
  const issue = enumIssue(body.type, QUEUE_LOOKUP_TYPES, ["type"]);
  return issue ? { issue } : { type: body.type as QueueLookupType };
}

function list(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  const page = positiveIntParam(ctx.query.get("page"), "page");
  const perPage = positiveIntParam(ctx.query.get("perPage"), "perPage");
  const details = compact([page.issue, perPage.issue]);
  if (details.length > 0) return json(400, { error: "Query Error", details });
  const currentPage = page.value ?? 1;
  const size = Math.min(perPage.value ?? 25, 100);
  const sorted = [...a.env.queues].sort((x, y) => compareStrings(x.name, y.name));
  const data = sorted.slice((currentPage - 1) * size, currentPage * size).map((q) => toQueueItem(a.env, q, true));
  return json(200, { data, pagination: { currentPage, totalPages: Math.ceil(sorted.length / size), count: sorted.length } });
}

function retrieve(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  const rawType = ctx.query.get("type");
  let type: QueueLookupType = "id";
  if (rawType !== null) {
    const issue = enumIssue(rawType, QUEUE_LOOKUP_TYPES, ["type"]);
    if (issue) return json(400, { error: "Query Error", details: [issue] });
    type = rawType as QueueLookupType;
  }
  const queue = resolveQueue(a.env, ctx.params.queue as string, type);
  if (!queue) return error(404, "queue-not-found");
  return json(200, toQueueItem(a.env, queue, true));
}

/** POST …/pause with {type, action} (§4.6). */
function pause(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  const body = objectBody(ctx);
  if (isResponse(body)) return body;
  const t = bodyType(body);
  const issues = compact([t.issue, enumIssue(body.action, ["pause", "resume"], ["action"])]);
  if (issues.length > 0) return error(400, formatValidationError(issues));
  const queue = resolveQueue(a.env, ctx.params.queue as string, t.type as QueueLookupType);
  if (!queue) return error(404, "queue-not-found");
  queue.paused = body.action === "pause";
  ctx.changed();
  return json(200, toQueueItem(a.env, queue, false));
}

function limitIssues(body: Record<string, unknown>): ZodIssue[] {
  const issues: ZodIssue[] = [];
  const at = (field: string, message: string, extra: Partial<ZodIssue>): ZodIssue => ({ code: "custom", path: [field], message, ...extra });
  if (body.concurrencyLimit !== undefined) {
    const v = body.concurrencyLimit;
    const typeErr = typeIssue(v, "number", ["concurrencyLimit"]);
    if (typeErr) issues.push(typeErr);
    else if (!Number.isInteger(v)) issues.push({ code: "invalid_type", expected: "integer", received: "float", path: ["concurrencyLimit"], message: "Expected integer, received float" });
    else if ((v as number) < 0) issues.push(at("concurrencyLimit", "Number must be greater than or equal to 0", { code: "too_small", minimum: 0, inclusive: true, type: "number" }));
    else if ((v as number) > 100000) issues.push(at("concurrencyLimit", "Number must be less than or equal to 100000", { code: "too_big", maximum: 100000, inclusive: true, type: "number" }));
  }
  if (body.percent !== undefined) {
    const v = body.percent;
    const typeErr = typeIssue(v, "number", ["percent"]);
    if (typeErr) issues.push(typeErr);
    else if ((v as number) <= 0) issues.push(at("percent", "Number must be greater than 0", { code: "too_small", minimum: 0, inclusive: false, type: "number" }));
    else if ((v as number) > 100) issues.push(at("percent", "Number must be less than or equal to 100", { code: "too_big", maximum: 100, inclusive: true, type: "number" }));
  }
  return issues;
}

/** POST …/concurrency/override (§4.7). */
function override(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  const body = objectBody(ctx);
  if (isResponse(body)) return body;
  const t = bodyType(body);
  const issues = compact([t.issue, ...limitIssues(body)]);
  if (issues.length > 0) return error(400, formatValidationError(issues));
  if ((body.concurrencyLimit === undefined) === (body.percent === undefined)) {
    return error(400, "Validation error: Provide exactly one of `concurrencyLimit` or `percent`");
  }
  const queue = resolveQueue(a.env, ctx.params.queue as string, t.type as QueueLookupType);
  if (!queue) return error(404, "Queue not found");
  const max = a.env.maximumConcurrencyLimit;
  if (body.concurrencyLimit !== undefined) {
    const limit = body.concurrencyLimit as number;
    // Rejected, not clamped (§4.7).
    if (limit > max) return error(400, `Concurrency limit (${limit}) cannot exceed the environment limit (${max})`);
    overrideQueue(queue, limit, null, null, ctx.now);
  } else {
    const percent = body.percent as number;
    const limit = Math.min(Math.max(Math.floor((max * percent) / 100), 1), max);
    overrideQueue(queue, limit, percent, null, ctx.now);
  }
  ctx.changed();
  return json(200, toQueueItem(a.env, queue, false));
}

/** POST …/concurrency/reset (§4.8). */
function reset(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  const body = objectBody(ctx);
  if (isResponse(body)) return body;
  const t = bodyType(body);
  if (t.issue) return error(400, formatValidationError([t.issue]));
  const queue = resolveQueue(a.env, ctx.params.queue as string, t.type as QueueLookupType);
  if (!queue) return error(404, "Queue not found");
  if (queue.overriddenAt === null) return error(400, "Queue is not overridden");
  resetQueue(queue);
  ctx.changed();
  return json(200, toQueueItem(a.env, queue, false));
}

/** The routes of this family, most specific first. */
export const queueRoutes: Route[] = [
  // Loader-only files: other methods get Remix's 405 (router.ts REMIX_NO_ACTION).
  route(["GET"], "/api/v1/queues", list),
  // createActionApiRoute files: their loader answers GET with a bare 405.
  route(["POST"], "/api/v1/queues/:queue/pause", pause, undefined, ACTION_ROUTE_LOADER),
  route(["POST"], "/api/v1/queues/:queue/concurrency/override", override, undefined, ACTION_ROUTE_LOADER),
  route(["POST"], "/api/v1/queues/:queue/concurrency/reset", reset, undefined, ACTION_ROUTE_LOADER),
  route(["GET"], "/api/v1/queues/:queue", retrieve),
];
