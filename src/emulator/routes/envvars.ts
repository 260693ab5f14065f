import { ENVIRONMENT_TITLE } from "../../model/environments.js";
import type { KeyEnv } from "../auth.js";
import { API_KEY_ERROR, BEARER_FORBIDDEN, isResponse, requireSecretKey, resolveEnvVarTarget, sanitizeBranchHeader } from "../auth.js";
import { ownVars, visibleVars } from "../branch-vars.js";
import type { RouteResponse } from "../http.js";
import { error, isObject, json } from "../http.js";
import type { Route, RouteContext } from "../router.js";
import { REMIX_UNEXPECTED, decodeParam, route } from "../router.js";
import { findProject } from "../state.js";
import { compact, optionalTypeIssue, typeIssue } from "../validate.js";
import {
  deleteVariable,
  existsInProject,
  filterVariables,
  findVar,
  nothingLeftMessage,
  redactedList,
  runtimeVariables,
  writeVariables,
} from "../env-var-store.js";
import { parseDotenvMultipart } from "../multipart.js";

/** Env var routes (api-behaviour.md §2). */

const SUCCESS = { success: true };
/**
 * What the newer routes' try/catch answers for a thrown error (`…envvars.$slug.$name.ts`: `request.json()` on a
 * body that is not JSON inside `try`, `catch` → `json({ error: "Internal Server Error" }, { status: 500 })`).
 */
const INTERNAL_ERROR: RouteResponse = error(500, "Internal Server Error");

/** The environment (or preview branch, §1.1) the request acts on. */
function target(ctx: RouteContext): KeyEnv | RouteResponse {
  const ref = decodeParam(ctx.params.ref as string);
  ctx.setLogProjectRef(ref);
  const header = ctx.headers["x-trigger-branch"];
  const branch = sanitizeBranchHeader(typeof header === "string" ? header : undefined);
  return resolveEnvVarTarget(ctx.state, ctx.credential, ref, decodeParam(ctx.params.env as string), {
    strict: ctx.envSlugMode === "strict",
    branchHeader: typeof header === "string",
    action: ctx.method === "GET" ? "read" : "write",
    ...(branch === undefined ? {} : { branch }),
  });
}

/** A branch lists the parent's variables merged with its own (§2.1). */
function list(ctx: RouteContext): RouteResponse {
  const t = target(ctx);
  if (isResponse(t)) return t;
  return json(200, redactedList(visibleVars(t.env, t.branch)));
}

/** POST …/envvars/{env}: always an upsert (`override: true`), no 409 (§0 item 2, §2.2). */
function create(ctx: RouteContext): RouteResponse {
  const t = target(ctx);
  if (isResponse(t)) return t;
  // `request.json()` outside any try/catch (§2.2).
  if (ctx.body.kind !== "json") return REMIX_UNEXPECTED;
  const body = isObject(ctx.body.value) ? ctx.body.value : {};
  const issues = isObject(ctx.body.value)
    ? compact([typeIssue(body.name, "string", ["name"]), typeIssue(body.value, "string", ["value"]), optionalTypeIssue(body.isSecret, "boolean", ["isSecret"])])
    : compact([typeIssue(ctx.body.value, "object", [])]);
  if (issues.length > 0) return json(400, { error: "Invalid request body", issues });
  const filtered = filterVariables([{ key: body.name as string, value: body.value as string }]);
  if (filtered.kept.length === 0) return error(400, nothingLeftMessage(filtered));
  writeVariables(ownVars(t.env, t.branch), filtered.kept, body.isSecret as boolean | undefined);
  ctx.changed();
  return json(200, SUCCESS);
}

function importBody(ctx: RouteContext): { variables: Record<string, string>; override: boolean; isSecret?: boolean } | undefined {
  const contentType = String(ctx.headers["content-type"] ?? "");
  if (contentType.includes("multipart/form-data")) return parseDotenvMultipart(contentType, ctx.rawBody);
  if (ctx.body.kind !== "json" || !isObject(ctx.body.value)) return undefined;
  const b = ctx.body.value;
  if (!isObject(b.variables) || !Object.values(b.variables).every((v) => typeof v === "string")) return undefined;
  if (b.override !== undefined && typeof b.override !== "boolean") return undefined;
  if (b.isSecret !== undefined && typeof b.isSecret !== "boolean") return undefined;
  if (b.parentVariables !== undefined && (!isObject(b.parentVariables) || !Object.values(b.parentVariables).every((v) => typeof v === "string"))) return undefined;
  return {
    variables: b.variables as Record<string, string>,
    override: (b.override as boolean | undefined) ?? false,
    ...(b.isSecret !== undefined ? { isSecret: b.isSecret as boolean } : {}),
  };
}

/** POST …/import: `override` defaults to false and is all-or-nothing (§2.3). */
function importVars(ctx: RouteContext): RouteResponse {
  const t = target(ctx);
  if (isResponse(t)) return t;
  const contentType = String(ctx.headers["content-type"] ?? "");
  const multipart = contentType.includes("multipart/form-data");
  // `parseImportBody` (`…envvars.$slug.import.ts`) calls `request.json()` unguarded: a body that is not JSON
  // (empty included) throws to Remix's last-resort 500; JSON of the wrong shape is the 400 "Invalid body".
  if (!multipart && ctx.body.kind !== "json") return REMIX_UNEXPECTED;
  const body = importBody(ctx);
  if (!body) return error(400, multipart ? "Invalid file" : "Invalid body");
  const filtered = filterVariables(Object.entries(body.variables).map(([key, value]) => ({ key, value })));
  if (filtered.kept.length === 0) return error(400, nothingLeftMessage(filtered));
  if (!body.override) {
    // Only values set in this environment (a branch: its own) count; the title is the branch name there (§2.3).
    const taken = filtered.kept.filter((v) => findVar(ownVars(t.env, t.branch), v.key));
    if (taken.length > 0) {
      return json(400, {
        error: "Some of the variables are already set for these environments. Set override to true to override them.",
        variableErrors: taken.map((v) => ({ key: v.key, error: `Variable already set in ${t.branch ?? ENVIRONMENT_TITLE[t.envName]}.` })),
      });
    }
  }
  // Without isSecret, a new value in a branch takes the parent value's flag (§2.3).
  const parentSecret = (name: string) => t.branch !== undefined && (findVar(t.env, name)?.isSecret ?? false);
  writeVariables(ownVars(t.env, t.branch), filtered.kept, body.isSecret, parentSecret);
  ctx.changed();
  return json(200, SUCCESS);
}

function retrieve(ctx: RouteContext): RouteResponse {
  const t = target(ctx);
  if (isResponse(t)) return t;
  const name = decodeParam(ctx.params.name as string);
  // Found project-wide first, then in this environment's redacted list (§2.4).
  const v = existsInProject(t.project, name) ? redactedList(visibleVars(t.env, t.branch)).find((x) => x.name === name) : undefined;
  if (!v) return error(404, "Environment variable not found");
  return json(200, v);
}

/** PUT (or POST) …/{name}: the §2.5 edges (§0 item 3). */
function update(ctx: RouteContext): RouteResponse {
  const t = target(ctx);
  if (isResponse(t)) return t;
  // The variable is looked up before the body is read; `request.json()` throws inside the route's try/catch.
  const name = decodeParam(ctx.params.name as string);
  if (!existsInProject(t.project, name)) return error(404, "Environment variable not found");
  if (ctx.body.kind !== "json") return INTERNAL_ERROR;
  const issues = isObject(ctx.body.value)
    ? compact([typeIssue(ctx.body.value.value, "string", ["value"])])
    : compact([typeIssue(ctx.body.value, "object", [])]);
  if (issues.length > 0) return json(400, { error: "Invalid request body", issues });
  const value = (ctx.body.value as { value: string }).value;
  if (value.trim() === "") return json(200, SUCCESS);
  // A name set only elsewhere (another environment, or a branch's parent) gets a new plain value here (§2.5).
  const own = ownVars(t.env, t.branch);
  const existing = findVar(own, name);
  if (existing) {
    existing.value = value;
    existing.version += 1;
  } else {
    own.envVars.push({ name, value, isSecret: false, version: 1 });
  }
  ctx.changed();
  return json(200, SUCCESS);
}

function remove(ctx: RouteContext): RouteResponse {
  const t = target(ctx);
  if (isResponse(t)) return t;
  const name = decodeParam(ctx.params.name as string);
  if (!existsInProject(t.project, name)) return error(404, "Environment variable not found");
  // A branch deletes only its own value: an inherited one is "not found" there (§2.6).
  if (!deleteVariable(ownVars(t.env, t.branch), name)) return error(400, "Environment variable value not found");
  ctx.changed();
  return json(200, SUCCESS);
}

/** GET /api/v1/projects/{ref}/envvars: the CLI runtime read, secret key only (§2.7). */
function runtime(ctx: RouteContext): RouteResponse {
  const ref = decodeParam(ctx.params.ref as string);
  ctx.setLogProjectRef(ref);
  const a = requireSecretKey(ctx.credential, API_KEY_ERROR, { scope: { action: "read", type: "envvars" }, scopeRefusal: BEARER_FORBIDDEN });
  if (isResponse(a)) return a;
  const { project, envName, env } = a;
  if (project.ref !== ref || !findProject(ctx.state, ref)) return error(404, "Project not found");
  const branch = ctx.credential.kind === "secretKey" ? ctx.credential.branch : undefined;
  return json(200, { variables: runtimeVariables(project, envName, visibleVars(env, branch), ctx.baseUrl) });
}

/** The routes of this family, most specific first. */
export const envVarRoutes: Route[] = [
  route(["GET"], "/api/v1/projects/:ref/envvars", runtime),
  // No method check in the import action either: any non-GET method imports.
  route(["POST", "PUT", "PATCH", "DELETE"], "/api/v1/projects/:ref/envvars/:env/import", importVars),
  route(["GET"], "/api/v1/projects/:ref/envvars/:env", list),
  // The create action has no method check: any non-GET method creates (§2.0).
  route(["POST", "PUT", "PATCH", "DELETE"], "/api/v1/projects/:ref/envvars/:env", create),
  // Other methods fall through the action switch and return undefined: a 500 [inferred] (§2.0).
  route(["GET"], "/api/v1/projects/:ref/envvars/:env/:name", retrieve, REMIX_UNEXPECTED),
  route(["PUT", "POST"], "/api/v1/projects/:ref/envvars/:env/:name", update),
  route(["DELETE"], "/api/v1/projects/:ref/envvars/:env/:name", remove),
];
