import type {
  CurrentWorker,
  DeploymentDetails,
  DeploymentListItem,
  DeploymentPage,
  DeploymentStatus,
  PromoteResult,
} from "../api-types.js";
import { HttpError } from "../errors.js";
import { CURRENT_WORKER, DEPLOYMENT_DETAILS, DEPLOYMENT_ITEM, DEPLOYMENT_PAGE, PROMOTE_RESULT } from "../response-schemas.js";
import { segment, type EndpointContext } from "./context.js";
import { assertPageBound } from "./pagination.js";

/** Filters and cursor of `GET /api/v1/deployments` (§5.2). */
export interface DeploymentListOptions {
  status?: DeploymentStatus;
  /** 5..100 (the server raises smaller sizes to 5). @default 20 (server) */
  pageSize?: number;
  /** Cursor: the `pagination.next` of the previous page. */
  after?: string;
  /** ISO date; `to` only counts together with `from`. */
  from?: string;
  to?: string;
  /** A duration such as `7d`. */
  period?: string;
}

/** Deployments of one environment (api-behaviour.md §5). */
export interface DeploymentsApi {
  /** The promoted deployment, or null when nothing is promoted (the server's 404, §5.1). Secret key. */
  current(): Promise<DeploymentListItem | null>;
  /** By `deployment_…` id; `HttpError` 404 when not in this environment. */
  retrieve(id: string): Promise<DeploymentDetails>;
  /** One page, newest first. */
  list(options?: DeploymentListOptions): Promise<DeploymentPage>;
  /** Every page, following `pagination.next` (stops if the server repeats a cursor, since it ignores unknown ones). */
  listAll(options?: Omit<DeploymentListOptions, "after">): Promise<DeploymentListItem[]>;
  /**
   * Make `version` current. Never retried: promoting is not idempotent (the second call answers 400
   * "already the current deployment", §5.5). Rolling back to an older version needs `allowRollbacks`.
   */
  promote(version: string, options?: { allowRollbacks?: boolean }): Promise<PromoteResult>;
  /**
   * The current worker via `GET /api/v1/projects/{ref}/{env}/workers/current` (PAT only); its `worker.version`
   * is the promoted version (for dev: the latest dev worker). Null on 404.
   */
  workersCurrent(): Promise<CurrentWorker | null>;
}

/** Deployment endpoints bound to one environment. */
export function createDeploymentsApi(ctx: EndpointContext): DeploymentsApi {
  const list = (options: DeploymentListOptions = {}) =>
    ctx.call<DeploymentPage>({
      method: "GET",
      path: "/api/v1/deployments",
      query: {
        "page[size]": options.pageSize,
        "page[after]": options.after,
        status: options.status,
        period: options.period,
        from: options.from,
        to: options.to,
      },
      access: "secretKey",
      limiter: "deployments",
      response: DEPLOYMENT_PAGE,
    });
  return {
    current: () =>
      nullOn404(
        // Exempt from both rate limiters on the server (§1.7).
        ctx.call<DeploymentListItem>({ method: "GET", path: "/api/v1/deployments/current", access: "secretKey", limiter: "none", response: DEPLOYMENT_ITEM }),
      ),
    retrieve: (id) =>
      ctx.call({ method: "GET", path: `/api/v1/deployments/${segment(id)}`, access: "secretKey", limiter: "deployments", response: DEPLOYMENT_DETAILS }),
    list,
    async listAll(options = {}) {
      const all: DeploymentListItem[] = [];
      const seen = new Set<string>();
      let after: string | undefined;
      for (let pages = 1; ; pages++) {
        assertPageBound(pages, { method: "GET", path: "/api/v1/deployments", environment: ctx.environment });
        const page = await list({ ...options, after });
        all.push(...page.data);
        const next = page.pagination.next;
        if (!next || seen.has(next) || page.data.length === 0) return all;
        seen.add(next);
        after = next;
      }
    },
    promote: (version, options = {}) =>
      ctx.call({
        method: "POST",
        path: `/api/v1/deployments/${segment(version)}/promote`,
        query: { allowRollbacks: options.allowRollbacks ? "true" : undefined },
        access: "secretKey",
        idempotent: false,
        limiter: "deployments",
        response: PROMOTE_RESULT,
      }),
    workersCurrent: () =>
      nullOn404(
        ctx.call<CurrentWorker>({
          method: "GET",
          path: `/api/v1/projects/${segment(ctx.projectRef)}/${ctx.environment}/workers/current`,
          access: "pat",
          response: CURRENT_WORKER,
        }),
      ),
  };
}

async function nullOn404<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return null;
    throw error;
  }
}
