import type { KeyEnv } from "../auth.js";
import { API_KEY_ERROR, BEARER_FORBIDDEN, isResponse, requireSecretKey } from "../auth.js";
import type { RouteResponse } from "../http.js";
import { error, json } from "../http.js";
import type { Route, RouteContext } from "../router.js";
import { LEGACY_WRONG_METHOD, decodeParam, route } from "../router.js";
import type { DeploymentState } from "../state.js";
import { compareDeploymentVersions, promoteDeployment } from "../deploy.js";
import type { ZodIssue } from "../validate.js";
import { enumIssue, parseDuration } from "../validate.js";

/** Deployment routes (api-behaviour.md §5). */

const STATUSES = ["PENDING", "BUILDING", "DEPLOYING", "DEPLOYED", "FAILED", "CANCELED", "TIMED_OUT"] as const;
const INTERNAL = error(500, "Internal Server Error");
const RUNTIME_VERSION = "20.20.2";

/**
 * `id` narrows the scope the way the server names its resources (`read:deployments:list`, `…:current`); those
 * two are apiBuilder routes. The others authenticate with `authenticateApiKeyWithScope`, whose scope refusal
 * is rbac's bare `{"error":"Unauthorized"}` (`internal-packages/rbac/src/fallback.ts`).
 */
function auth(ctx: RouteContext, id?: string): KeyEnv | RouteResponse {
  const action = ctx.method === "GET" ? "read" : "write";
  return requireSecretKey(ctx.credential, API_KEY_ERROR, {
    scope: { action, type: "deployments", ...(id ? { id } : {}) },
    ...(id ? {} : { scopeRefusal: BEARER_FORBIDDEN }),
  });
}

function errorData(d: DeploymentState): Record<string, string> | null {
  if (d.status === "FAILED") return { name: "DeploymentError", message: `Deployment ${d.version} failed` };
  if (d.status === "TIMED_OUT") return { name: "TimeoutError", message: `Deployment ${d.version} timed out` };
  return null;
}

/** `ApiDeploymentListResponseItem`; list keeps nulls, current omits them (§5.1, §5.2). */
export function deploymentListItem(d: DeploymentState, omitNulls: boolean): Record<string, unknown> {
  const err = errorData(d);
  const item: Record<string, unknown> = {
    id: d.id,
    createdAt: d.createdAt,
    shortCode: d.shortCode,
    version: d.version,
    runtime: "node",
    runtimeVersion: RUNTIME_VERSION,
    status: d.status,
  };
  if (!(omitNulls && d.deployedAt === null)) item.deployedAt = d.deployedAt;
  if (d.git !== undefined && !(omitNulls && d.git === null)) item.git = d.git;
  if (err) item.error = err;
  return item;
}

/** GET /api/v1/deployments/current: exempt from rate limits, 404 + x-should-retry: false (§0 item 12). */
function current(ctx: RouteContext): RouteResponse {
  const a = auth(ctx, "current");
  if (isResponse(a)) return a;
  const d = a.env.current ? a.env.deployments.find((x) => x.version === a.env.current) : undefined;
  if (!d) return error(404, "Not found", { "x-should-retry": "false" });
  return json(200, deploymentListItem(d, true));
}

function pageSizeIssue(raw: string): ZodIssue | undefined {
  const n = Number(raw);
  const path = ["page[size]"];
  if (Number.isNaN(n)) return { code: "invalid_type", expected: "number", received: "nan", path, message: "Expected number, received nan" };
  if (n < 1) return { code: "too_small", minimum: 1, type: "number", inclusive: true, exact: false, path, message: "Limit must be at least 1" };
  if (n > 100) return { code: "too_big", maximum: 100, type: "number", inclusive: true, exact: false, path, message: "Limit must be less than 100" };
  return undefined;
}

/** GET /api/v1/deployments (§5.2): effective size max(min(size,100),5), id desc, unknown cursor ignored. */
function list(ctx: RouteContext): RouteResponse {
  const a = auth(ctx, "list");
  if (isResponse(a)) return a;
  const rawSize = ctx.query.get("page[size]");
  const status = ctx.query.get("status");
  const details = [rawSize !== null ? pageSizeIssue(rawSize) : undefined, status !== null ? enumIssue(status, STATUSES, ["status"]) : undefined].filter(
    (i): i is ZodIssue => i !== undefined,
  );
  if (details.length > 0) return json(400, { error: "Query Error", details });
  const size = Math.max(Math.min(rawSize !== null ? Math.floor(Number(rawSize)) : 20, 100), 5);
  // A bad period/from/to is a ServiceValidationError inside the loader, which maps to 500 [inferred] (§5.2).
  let from: number | undefined;
  let to: number | undefined;
  const period = ctx.query.get("period");
  const fromRaw = ctx.query.get("from");
  if (period !== null) {
    const ms = parseDuration(period);
    if (ms === undefined) return INTERNAL;
    from = ctx.now.getTime() - ms;
  } else if (fromRaw !== null) {
    from = Date.parse(fromRaw);
    if (Number.isNaN(from)) return INTERNAL;
    const toRaw = ctx.query.get("to");
    if (toRaw !== null) {
      to = Date.parse(toRaw);
      if (Number.isNaN(to)) return INTERNAL;
    }
  }
  let items = [...a.env.deployments].sort((x, y) => y.seq - x.seq);
  if (status !== null) items = items.filter((d) => d.status === status);
  if (from !== undefined) items = items.filter((d) => Date.parse(d.createdAt) >= (from as number));
  if (to !== undefined) items = items.filter((d) => Date.parse(d.createdAt) <= (to as number));
  const after = ctx.query.get("page[after]");
  const cursor = after !== null ? a.env.deployments.find((d) => d.id === after) : undefined;
  if (cursor) items = items.filter((d) => d.seq < cursor.seq);
  const page = items.slice(0, size);
  const next = items.length > size ? page[page.length - 1]?.id : undefined;
  return json(200, { data: page.map((d) => deploymentListItem(d, false)), pagination: next ? { next } : {} });
}

function latest(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  // Only UNMANAGED deployments count, and current servers refuse to create them (§5.4).
  return error(404, "Deployment not found");
}

function retrieve(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  const id = decodeParam(ctx.params.id as string);
  const d = a.env.deployments.find((x) => x.id === id);
  if (!d) return error(404, "Deployment not found");
  return json(200, {
    id: d.id,
    status: d.status,
    contentHash: d.contentHash,
    shortCode: d.shortCode,
    version: d.version,
    imageReference: d.workerId ? `registry.trigger.dev/${a.project.ref}:${d.version}.${a.envName}` : null,
    imagePlatform: "linux/amd64",
    commitSHA: d.git && typeof d.git.commitSha === "string" ? d.git.commitSha : null,
    externalBuildData: null,
    errorData: errorData(d),
    canceledReason: d.status === "CANCELED" ? "Canceled by user" : null,
    ...(d.workerId
      ? {
          worker: {
            id: d.workerId,
            version: d.version,
            tasks: d.tasks.map((t) => ({ id: t.id, slug: t.slug, filePath: t.filePath, exportName: t.slug.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()) })),
          },
        }
      : {}),
  });
}

/** POST /api/v1/deployments/{version}/promote: the ordered checks of §5.5. */
function promote(ctx: RouteContext): RouteResponse {
  const a = auth(ctx);
  if (isResponse(a)) return a;
  const version = decodeParam(ctx.params.version as string);
  const d = a.env.deployments.find((x) => x.version === version);
  if (!d) return error(404, "Deployment not found");
  if (!d.workerId) return error(400, "Deployment is not associated with a worker and cannot be promoted.");
  if (d.status !== "DEPLOYED") return error(400, "Deployment must be in the DEPLOYED state to be promoted.");
  if (a.env.current === d.version) return error(400, "Deployment is already the current deployment.");
  const allowRollbacks = ctx.query.get("allowRollbacks") === "true";
  if (!allowRollbacks && a.env.current && compareDeploymentVersions(a.env.current, d.version) >= 0) {
    return error(400, "Cannot promote a deployment that is older than the current deployment.");
  }
  promoteDeployment(ctx.state, a.project, a.envName, d, ctx.now);
  ctx.changed();
  return json(200, { id: d.id, version: d.version, shortCode: d.shortCode });
}

/** The routes of this family, most specific first. */
export const deploymentRoutes: Route[] = [
  route(["GET"], "/api/v1/deployments/current", current),
  route(["GET"], "/api/v1/deployments/latest", latest),
  route(["POST"], "/api/v1/deployments/:version/promote", promote, LEGACY_WRONG_METHOD),
  route(["GET"], "/api/v1/deployments", list, LEGACY_WRONG_METHOD),
  route(["GET"], "/api/v1/deployments/:id", retrieve),
];
