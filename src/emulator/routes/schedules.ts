import type { KeyEnv } from "../auth.js";
import { LEGACY_AUTH_ERROR, isResponse, requireSecretKey } from "../auth.js";
import type { RouteResponse } from "../http.js";
import { error, json } from "../http.js";
import type { Route, RouteContext } from "../router.js";
import { LEGACY_WRONG_METHOD, REMIX_UNEXPECTED, decodeParam, route } from "../router.js";
import { currentWorkerDeployment } from "../state.js";
import { CronDescribeError } from "../cron.js";
import { findSchedule, scheduleVisibility, toScheduleObject } from "../schedules.js";
import {
  ScheduleCheckError,
  checkSchedule,
  createSchedule,
  parseScheduleBody,
  updateScheduleInPlace,
} from "../schedule-write.js";
import { compact, positiveIntParam } from "../validate.js";

/** Schedule routes: legacy authenticator, secret keys only (api-behaviour.md §3). */

const SOMETHING_WRONG: RouteResponse = error(500, "Something went wrong, please try again.");
const NOT_FOUND: RouteResponse = error(404, "Schedule not found");

function auth(ctx: RouteContext): KeyEnv | RouteResponse {
  return requireSecretKey(ctx.credential, LEGACY_AUTH_ERROR, { legacy: true });
}

/** Maps the service errors: validation → 422, cronstrue crash → 500 (§0 item 8). */
function failure(e: unknown): RouteResponse {
  if (e instanceof ScheduleCheckError) return error(422, e.message);
  if (e instanceof CronDescribeError) return SOMETHING_WRONG;
  throw e;
}

/** GET /api/v1/schedules (§3.3). */
function list(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  const page = positiveIntParam(ctx.query.get("page"), "page");
  const perPage = positiveIntParam(ctx.query.get("perPage"), "perPage");
  const issues = compact([page.issue, perPage.issue]);
  if (issues.length > 0) return json(400, { error: "Invalid request parameters", issues });
  // No current worker: empty, whatever exists (§0 item 9).
  if (!currentWorkerDeployment(a.envName, a.env)) {
    return json(200, { data: [], pagination: { currentPage: 1, totalPages: 1, count: 0 } });
  }
  const currentPage = page.value ?? 1;
  const size = Math.min(perPage.value ?? 20, 100);
  const mine = a.project.schedules
    .map((s, index) => ({ s, index }))
    .filter(({ s }) => s.instances.includes(a.envName))
    .sort((x, y) => (x.s.createdAt === y.s.createdAt ? y.index - x.index : x.s.createdAt < y.s.createdAt ? 1 : -1))
    .map(({ s }) => s);
  const data = mine.slice((currentPage - 1) * size, currentPage * size).map((s) => toScheduleObject(a.project, s, "list", ctx.now));
  return json(200, { data, pagination: { currentPage, totalPages: Math.ceil(mine.length / size), count: mine.length } });
}

/** POST /api/v1/schedules: create, or update in place by dedup key (project-wide, §3.2, §0 item 5). */
function create(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  // `await request.json()` is unguarded in `api.v1.schedules.ts`: a body that is not JSON is Remix's 500.
  if (ctx.body.kind !== "json") return REMIX_UNEXPECTED;
  const parsed = parseScheduleBody(ctx.body.value, true);
  if (!parsed.body) return json(400, { error: "Invalid request body", issues: parsed.issues });
  const body = parsed.body;
  try {
    checkSchedule(a.project, body, true);
    const key = body.deduplicationKey === "" ? undefined : body.deduplicationKey;
    const existing = key === undefined ? undefined : a.project.schedules.find((s) => s.deduplicationKey === key);
    let schedule;
    if (existing) {
      updateScheduleInPlace(existing, body, a.envName);
      schedule = existing;
    } else {
      schedule = createSchedule(ctx.state, a.project, body, a.envName, key, ctx.now);
    }
    ctx.changed();
    return json(200, toScheduleObject(a.project, schedule, "write", ctx.now));
  } catch (e) {
    return failure(e);
  }
}

function target(ctx: RouteContext, a: KeyEnv) {
  const schedule = findSchedule(a.project, decodeParam(ctx.params.id as string));
  return { schedule, visibility: scheduleVisibility(schedule, a.envName) };
}

function getOne(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  const { schedule, visibility } = target(ctx, a);
  if (!schedule || visibility !== "visible") return NOT_FOUND;
  return json(200, toScheduleObject(a.project, schedule, "get", ctx.now));
}

/** PUT /api/v1/schedules/{id}: update, or create a NEW schedule when missing (§0 item 6). */
function update(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  // Likewise unguarded in `api.v1.schedules.$scheduleId.ts` (PUT).
  if (ctx.body.kind !== "json") return REMIX_UNEXPECTED;
  const parsed = parseScheduleBody(ctx.body.value, false);
  if (!parsed.body) return json(400, { error: "Invalid request body", issues: parsed.issues });
  const { schedule, visibility } = target(ctx, a);
  if (visibility === "hidden") return NOT_FOUND;
  try {
    checkSchedule(a.project, parsed.body, false);
    let result;
    if (schedule) {
      updateScheduleInPlace(schedule, parsed.body, a.envName);
      result = schedule;
    } else {
      // friendlyId was given, so no limit check; the new schedule gets a fresh id and a random key.
      result = createSchedule(ctx.state, a.project, parsed.body, a.envName, undefined, ctx.now);
    }
    ctx.changed();
    return json(200, toScheduleObject(a.project, result, "write", ctx.now));
  } catch (e) {
    return failure(e);
  }
}

/** DELETE: no type check, all instances removed (§3.4, §0 item 7). */
function remove(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  const { schedule, visibility } = target(ctx, a);
  if (!schedule || visibility !== "visible") return NOT_FOUND;
  a.project.schedules.splice(a.project.schedules.indexOf(schedule), 1);
  ctx.changed();
  return json(200, { id: schedule.id });
}

function setActive(active: boolean) {
  return (ctx: RouteContext): RouteResponse => {
    const a = auth(ctx);
    if (isResponse(a)) return a;
    const { schedule, visibility } = target(ctx, a);
    if (!schedule || visibility !== "visible") return NOT_FOUND;
    schedule.active = active;
    ctx.changed();
    return json(200, toScheduleObject(a.project, schedule, "get", ctx.now));
  };
}

/** The routes of this family, most specific first. */
export const scheduleRoutes: Route[] = [
  route(["GET"], "/api/v1/schedules", list, LEGACY_WRONG_METHOD),
  route(["POST"], "/api/v1/schedules", create),
  route(["POST"], "/api/v1/schedules/:id/activate", setActive(true), LEGACY_WRONG_METHOD),
  route(["POST"], "/api/v1/schedules/:id/deactivate", setActive(false), LEGACY_WRONG_METHOD),
  route(["GET"], "/api/v1/schedules/:id", getOne, LEGACY_WRONG_METHOD),
  route(["PUT"], "/api/v1/schedules/:id", update),
  route(["DELETE"], "/api/v1/schedules/:id", remove),
];
