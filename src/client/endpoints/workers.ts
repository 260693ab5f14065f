import { ENV_VAR_SLUG } from "../../model/environments.js";
import type { BackgroundWorker } from "../api-types.js";
import { HttpError } from "../errors.js";
import { BACKGROUND_WORKER } from "../response-schemas.js";
import { segment, type EndpointContext } from "./context.js";
import { compareStrings } from "../../util/compare.js";

/** The background workers (deployed code versions) of one environment. */
export interface WorkersApi {
  /**
   * The worker of `version` in this environment with its tasks, sorted by id (each task's `source` is `SCHEDULED`
   * or `STANDARD`), via `GET /api/v1/projects/{ref}/background-workers/{env}/{version}`; null when the environment
   * has no worker with that version (404 "Background worker not found"). Takes a secret key or a PAT; the path
   * carries the project ref, so the server refuses another project's key (400 "Invalid project ref…").
   */
  byVersion(version: string): Promise<BackgroundWorker | null>;
}

/** Worker endpoints bound to one environment. */
export function createWorkersApi(ctx: EndpointContext): WorkersApi {
  return {
    async byVersion(version) {
      const path =
        `/api/v1/projects/${segment(ctx.projectRef)}/background-workers/` + `${ENV_VAR_SLUG[ctx.environment]}/${segment(version)}`;
      let worker: BackgroundWorker;
      try {
        worker = await ctx.call<BackgroundWorker>({ method: "GET", path, access: "secretKeyOrPat", response: BACKGROUND_WORKER });
      } catch (error) {
        if (error instanceof HttpError && error.status === 404 && error.error === "Background worker not found") return null;
        throw error;
      }
      const tasks = Array.isArray(worker.tasks) ? worker.tasks : [];
      // The server leaves the order to the database.
      return { ...worker, tasks: [...tasks].sort((a, b) => compareStrings(a.id, b.id)) };
    },
  };
}
