/*
 * Shapes of the Trigger.dev API bodies the client sends and receives, as the real server produces them
 * (shared/reference/api-behaviour.md wins over trigger-openapi.yaml). Fields the server may add later are
 * tolerated: responses are passed through, not stripped.
 */
import type { QueueIdentity, QueueType } from "../model/desired.js";

/** An environment variable as listed (`GET …/envvars/{env}`); secret values read as `"<redacted>"` (§2.1). */
export interface EnvVarItem {
  name: string;
  value: string;
  isSecret: boolean;
}

/** Body of `POST …/envvars/{env}` (an upsert, §2.2). */
export interface EnvVarCreateBody {
  name: string;
  value: string;
  /** Omitted: an existing variable keeps its flag. */
  isSecret?: boolean;
}

/** Body of `POST …/envvars/{env}/import` (§2.3). */
export interface EnvVarImportBody {
  variables: Record<string, string>;
  /** false (the server's default): refuse the whole call when any name already has a value here. */
  override: boolean;
  /** Applies to every variable of the call. */
  isSecret?: boolean;
}

/** Environment type as the API spells it. */
export type EnvironmentType = "DEVELOPMENT" | "STAGING" | "PRODUCTION" | "PREVIEW";

/** A schedule as the API returns it (§3.1); per-endpoint differences noted on the fields. */
export interface ScheduleObject {
  id: string;
  type: "IMPERATIVE" | "DECLARATIVE";
  task: string;
  active: boolean;
  /** Present only when a user provided one. */
  deduplicationKey?: string;
  /** `null` in lists, absent elsewhere, when unset. */
  externalId?: string | null;
  generator: { type: "CRON"; expression: string; description: string };
  timezone: string;
  window?: string;
  nextRun?: string | null;
  environments: { id: string; type: EnvironmentType; slug?: string; shortcode?: string; userName?: string | null }[];
}

/** Body of `POST /api/v1/schedules`. `deduplicationKey` is required by the server ("" allowed, §3.1). */
export interface ScheduleCreateBody {
  task: string;
  cron: string;
  deduplicationKey: string;
  /** Omitted: the server clears it on update. */
  externalId?: string | null;
  /** Omitted: the server resets it to UTC on update. */
  timezone?: string;
  window?: string;
}

/** Body of `PUT /api/v1/schedules/{id}` (task cannot change: it is ignored by the server). */
export type ScheduleUpdateBody = Omit<ScheduleCreateBody, "deduplicationKey">;

/** Offset pagination of schedules and queues. `totalPages` is 0 for an empty list. */
export interface OffsetPagination {
  currentPage: number;
  totalPages: number;
  count: number;
}

/** One page of an offset-paginated list. */
export interface OffsetPage<T> {
  data: T[];
  pagination: OffsetPagination;
}

/** A queue as the API returns it (§4.3). */
export interface QueueItem {
  id: string;
  name: string;
  type: QueueType;
  running: number;
  queued: number;
  paused: boolean;
  /** The effective limit; null = unlimited. */
  concurrencyLimit: number | null;
  concurrency?: {
    current: number | null;
    base: number | null;
    override: number | null;
    overriddenAt: string | null;
    overriddenBy: string | null;
  };
  concurrencyLimitOverridePercent?: number | null;
  releaseConcurrencyOnWaitpoint?: boolean;
  /** [npm 4.8.3] newer servers; absent means V1. */
  version?: "V1" | "V2";
}

/** How to address a queue: by type and name, or by its `queue_…` id (§4.2). */
export type QueueRef = QueueIdentity | { id: string };

/** Deployment statuses the list filter accepts (§5.2). */
export type DeploymentStatus = "PENDING" | "BUILDING" | "DEPLOYING" | "DEPLOYED" | "FAILED" | "CANCELED" | "TIMED_OUT";

/** A deployment as listed, and as `/deployments/current` returns it (§5.1, §5.2). */
export interface DeploymentListItem {
  id: string;
  createdAt: string;
  shortCode: string;
  version: string;
  runtime: string | null;
  runtimeVersion: string | null;
  status: string;
  deployedAt?: string | null;
  git?: Record<string, unknown> | null;
  error?: unknown;
}

/** `GET /api/v1/deployments/{id}` (§5.3). */
export interface DeploymentDetails {
  id: string;
  status: string;
  contentHash: string;
  shortCode: string;
  version: string;
  imageReference?: string | null;
  commitSHA?: string | null;
  errorData?: unknown;
  worker?: { id: string; version: string; tasks: { id: string; slug: string; filePath: string; exportName?: string }[] };
}

/** Cursor page of deployments; `next` is the `page[after]` of the following page. */
export interface DeploymentPage {
  data: DeploymentListItem[];
  pagination: { next?: string };
}

/** `POST /api/v1/deployments/{version}/promote` success body (§5.5). */
export interface PromoteResult {
  id: string;
  version: string;
  shortCode: string;
}

/** One task of a worker version as `GET /api/v1/projects/{ref}/background-workers/{env}/{version}` lists it. */
export interface BackgroundWorkerTask {
  /** The task id (its slug). */
  id: string;
  exportName?: string;
  filePath?: string;
  /** The task's trigger source: `SCHEDULED` for `schedules.task()`, `STANDARD` otherwise. */
  source: string;
  retryConfig?: unknown;
  queueConfig?: unknown;
}

/** `GET /api/v1/projects/{ref}/background-workers/{env}/{version}`: one version's worker and its tasks. */
export interface BackgroundWorker {
  /** `worker_…` */
  id: string;
  version: string;
  cliVersion?: string | null;
  sdkVersion?: string | null;
  contentHash?: string;
  createdAt?: string;
  updatedAt?: string;
  tasks: BackgroundWorkerTask[];
  files?: { id: string; filePath: string; contentHash?: string; contents?: string; tasks: string[] }[];
}

/** `GET /api/v1/projects/{ref}/{env}/workers/current` (PAT only, §5.1). */
export interface CurrentWorker {
  worker: {
    id: string;
    /** Equals the deployment version. */
    version: string;
    engine?: string;
    tasks: { id: string; slug: string; filePath?: string; triggerSource?: string }[];
  };
  urls?: Record<string, string>;
}

/** A run as listed by `GET /api/v1/runs`. */
export interface RunListItem {
  id: string;
  status: string;
  taskIdentifier: string;
  version?: string;
  createdAt: string;
  updatedAt: string;
  isTest: boolean;
  tags?: string[];
  startedAt?: string | null;
  finishedAt?: string | null;
}

/** Cursor page of runs. */
export interface RunPage {
  data: RunListItem[];
  pagination: { next?: string; previous?: string };
}

/** `GET /api/v3/runs/{id}`: the listed fields and more (payload, output, attempts…). */
export type RunDetails = RunListItem & Record<string, unknown>;

/** `GET /api/v1/projects/{ref}/{env}` (PAT): the environment's secret key and settings (§1.1). */
export interface EnvironmentKeyResponse {
  apiKey: string;
  name: string;
  apiUrl: string;
  projectId: string;
  defaultRuntime?: string;
}
