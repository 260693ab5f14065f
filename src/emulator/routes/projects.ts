import type { EnvironmentName } from "../../model/environments.js";
import { ENV_VAR_SLUG, ENVIRONMENT_TYPE, isEnvironmentName } from "../../model/environments.js";
import { ACCESS_TOKEN_ERROR, branchRefusal, isResponse, patProject } from "../auth.js";
import type { RouteResponse } from "../http.js";
import { error, json } from "../http.js";
import type { Route, RouteContext } from "../router.js";
import { decodeParam, route } from "../router.js";
import type { ProjectState } from "../state.js";
import { currentWorkerDeployment, projectEnvs } from "../state.js";
import { queueConfig, tasksBySlug, triggerSource } from "./workers.js";

/** PAT routes: key lookup, environments, current worker (api-behaviour.md §1.1, §1.2, §5.1). */

/** The project a PAT may reach for this request, or the error to send. */
function patTarget(ctx: RouteContext): ProjectState | RouteResponse {
  const ref = decodeParam(ctx.params.ref as string);
  ctx.setLogProjectRef(ref);
  if (ctx.credential.kind !== "pat") return error(401, ACCESS_TOKEN_ERROR);
  return patProject(ctx.state, ctx.credential, ref);
}

function envParam(ctx: RouteContext): EnvironmentName | RouteResponse {
  const env = decodeParam(ctx.params.env as string);
  // The route's param is a zod enum dev|staging|prod|preview (`production` is not aliased, §1.2).
  if (!isEnvironmentName(env)) return error(400, "Invalid Params");
  return env;
}

/** GET /api/v1/projects/{ref}/{env}: the environment's secret key, for PAT-based flows (§1.1). */
function projectEnv(ctx: RouteContext): RouteResponse {
  const envName = envParam(ctx);
  if (isResponse(envName)) return envName;
  const ref = decodeParam(ctx.params.ref as string);
  ctx.setLogProjectRef(ref);
  // An environment key gets its own key echoed back (§1.1).
  if (ctx.credential.kind === "secretKey" && ctx.credential.project.ref === ref) {
    // Authenticating the key resolves its branch first: a preview key without a known one is refused (§1.1).
    const refused = branchRefusal(ctx.credential);
    if (refused) return refused;
    const { project, env } = ctx.credential;
    return json(200, { apiKey: env.apiKey, name: project.name, apiUrl: ctx.baseUrl, projectId: project.id, defaultRuntime: "node" });
  }
  const project = patTarget(ctx);
  if (isResponse(project)) return project;
  const env = project.environments[envName];
  if (!env) return error(404, "Environment not found");
  return json(200, { apiKey: env.apiKey, name: project.name, apiUrl: ctx.baseUrl, projectId: project.id, defaultRuntime: "node" });
}

/** GET /api/v1/projects/{ref}/environments: parent environments only (§1.2). */
function environments(ctx: RouteContext): RouteResponse {
  const project = patTarget(ctx);
  if (isResponse(project)) return project;
  return json(
    200,
    projectEnvs(project).map(([name, env]) => ({
      id: env.id,
      slug: ENV_VAR_SLUG[name],
      type: ENVIRONMENT_TYPE[name],
      // `isBranchableEnvironment` (`apps/webapp/app/utils/branchableEnvironment.ts`): DEVELOPMENT roots are always
      // branchable, PREVIEW roots by their column (always set here), STAGING/PRODUCTION never.
      isBranchableEnvironment: name === "preview" || name === "dev",
      branchName: null,
      paused: false,
    })),
  );
}

/** GET /api/v1/projects/{ref}/{env}/workers/{tag}: `worker.version` is the deployment version (§5.1). */
function worker(ctx: RouteContext): RouteResponse {
  const envName = envParam(ctx);
  if (isResponse(envName)) return envName;
  const project = patTarget(ctx);
  if (isResponse(project)) return project;
  const env = project.environments[envName];
  if (!env) return error(404, "Environment not found");
  const tag = decodeParam(ctx.params.tag as string);
  const d = tag === "current" ? currentWorkerDeployment(envName, env) : env.deployments.find((x) => x.version === tag && x.workerId);
  if (!d || !d.workerId) return error(404, "Worker not found");
  return json(200, {
    worker: {
      id: d.workerId,
      version: d.version,
      engine: "V2",
      sdkVersion: "4.8.3",
      cliVersion: "4.8.3",
      // Ordered by slug (`orderBy: { slug: "asc" }` in api.v1.projects.$projectRef.$env.workers.$tagName.ts).
      tasks: tasksBySlug(d).map((t) => ({
        id: t.id,
        slug: t.slug,
        filePath: t.filePath,
        triggerSource: triggerSource(t),
        createdAt: t.createdAt,
        payloadSchema: null,
        queueConfig: queueConfig(t),
      })),
    },
    urls: { runs: `${ctx.baseUrl}/projects/v3/${project.ref}/runs?envSlug=${ENV_VAR_SLUG[envName]}` },
  });
}

/** The routes of this family, most specific first. */
export const projectRoutes: Route[] = [
  route(["GET"], "/api/v1/projects/:ref/environments", environments),
  route(["GET"], "/api/v1/projects/:ref/:env/workers/:tag", worker),
  route(["GET"], "/api/v1/projects/:ref/:env", projectEnv),
];
