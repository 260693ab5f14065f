import type { DeploymentListItem, EnvVarItem } from "../client/api-types.js";
import { CredentialError } from "../client/errors.js";
import type { EnvironmentClient, TriggerClient } from "../client/client.js";
import { assertPageBound } from "../client/endpoints/pagination.js";
import { isPresenceOnly, type DesiredEnvironment, type DesiredState } from "../model/desired.js";
import type { LiveDeployment, LiveDeploymentRef, LiveEnvironment, LiveState } from "../model/live.js";
import { settleReads, type ProjectBinding } from "./binding.js";
import { markInherited } from "./branch.js";
import { normaliseDeployment, normaliseEnvVars, normaliseQueues, normaliseSchedules } from "./normalise.js";
import { declaresSchedules, readWorker } from "./read-worker.js";

/** Options of {@link readLive}. */
export interface ReadLiveOptions {
  /**
   * Read decrypted secret values (`GET /api/v1/projects/{ref}/envvars`, api-behaviour.md §2.7) when an
   * environment declares secret variables with values, so a changed secret shows as a change. When false,
   * secret values are not compared (the plan notes it). @default true
   */
  readSecretValues?: boolean;
  /**
   * Proves that each environment's secret key belongs to the project before anything is shown or written
   * (see {@link ProjectBinding}): through the env var list or the worker lookup when they are read anyway, else
   * with one env var list. A foreign key rejects with a `ProjectBindingError`.
   */
  binding?: ProjectBinding;
}

/** Deployments listed per page while looking a version up (the server's maximum, §5.2). */
const DEPLOYMENT_PAGE_SIZE = 100;

/**
 * Reads the live state the desired state manages, with the fewest requests the API allows. Per environment,
 * at most: one env var list (+ one runtime read only when secret values must be compared), all schedule pages
 * and all queue pages (page 1, then the rest in parallel), `GET /deployments/current` (+ one deployment
 * lookup when the declared version is not the current one), for a preview branch the preview environment's
 * own env var list (to tell the branch's variables from inherited ones), and when schedules are declared one
 * worker lookup for their tasks (+ `GET /deployments/current` when no version is declared). With a PAT the client
 * adds one environment key lookup per environment that needs a secret-key route; with `options.binding`, an
 * environment whose secret key no read vouches for gets one env var list. A collection the file does not declare is not read
 * at all. Environments are read in parallel.
 *
 * The result holds secret values in memory only (for comparison); never print or serialise it as is.
 * @example const live = await readLive(desired, client);
 */
export async function readLive(desired: DesiredState, client: TriggerClient, options: ReadLiveOptions = {}): Promise<LiveState> {
  const environments = await settleReads(
    desired.environments.map((env) => readEnvironment(env, client.environment(env.name), client, options)),
  );
  return { project: desired.project, environments };
}

async function readEnvironment(want: DesiredEnvironment, api: EnvironmentClient, client: TriggerClient, options: ReadLiveOptions): Promise<LiveEnvironment> {
  const { binding } = options;
  const bound = <T>(request: () => Promise<T>): Promise<T> => (binding ? binding.through(want.name, request) : request());
  // The binding's own request only where no read of the plan names the project (env var list, worker lookup).
  const probe = binding && want.envVars === undefined && !declaresSchedules(want) ? binding.prove(want.name) : undefined;
  const [envVars, branch, schedules, queues, deployment, worker] = await settleReads([
    want.envVars === undefined ? undefined : readEnvVars(want, api, options.readSecretValues ?? true, bound),
    want.envVars === undefined || api.branch === undefined ? undefined : readParentEnvVars(want, client),
    want.schedules === undefined ? undefined : api.schedules.list().then(normaliseSchedules),
    want.queues === undefined ? undefined : api.queues.list().then(normaliseQueues),
    want.deployment === undefined ? undefined : readDeployment(want.deployment.version, api),
    readWorker(want, api, bound),
    probe,
  ] as const);
  // A worker lookup that did not happen (nothing current) proved nothing: prove now, before the plan is shown.
  await binding?.prove(want.name);
  const live: LiveEnvironment = { name: want.name };
  if (envVars !== undefined) live.envVars = envVars;
  if (envVars !== undefined && branch !== undefined && api.branch !== undefined) {
    live.envVarBranch = { name: api.branch, parentRead: branch !== null };
    if (branch) markInherited(envVars, branch);
  }
  if (schedules !== undefined) live.schedules = schedules;
  if (queues !== undefined) live.queues = queues;
  if (deployment !== undefined) live.deployment = deployment;
  if (worker !== undefined) live.worker = worker;
  return live;
}

async function readEnvVars(
  want: DesiredEnvironment,
  api: EnvironmentClient,
  readSecretValues: boolean,
  bound: <T>(request: () => Promise<T>) => Promise<T>,
) {
  const declared = want.envVars ?? {};
  const items = await bound(() => api.envVars.list());
  // Names whose value must be compared and that read back redacted: declared with a value, and secret either in
  // the file or on the server (a variable losing its secret flag still needs its value compared).
  const valued = new Set(Object.values(declared).filter((v) => !isPresenceOnly(v)).map((v) => v.name));
  const needed = items.filter((item) => item.isSecret && valued.has(item.name));
  if (!readSecretValues || needed.length === 0) return normaliseEnvVars(items);
  const runtime = await api.envVars.runtimeValues();
  return normaliseEnvVars(items, runtime, (name) => valued.has(name));
}

/**
 * The parent preview environment's variables, to tell a branch's own from inherited ones: the env var list
 * without `x-trigger-branch`, which a PAT can read (api-behaviour.md §1.2). null when the credential cannot (a
 * preview secret key needs the branch header, §1.1; refused before sending).
 */
async function readParentEnvVars(want: DesiredEnvironment, client: TriggerClient): Promise<EnvVarItem[] | null> {
  try {
    return await client.environment(want.name, { branch: null }).envVars.list();
  } catch (error) {
    if (error instanceof CredentialError) return null;
    throw error;
  }
}

async function readDeployment(version: string, api: EnvironmentClient): Promise<LiveDeployment> {
  const currentItem = await api.deployments.current();
  const current = currentItem === null ? null : normaliseDeployment(currentItem);
  if (current !== null && current.version === version) return { current };
  return { current, declared: await findDeployment(version, api) };
}

/**
 * The deployment with `version` in this environment, or null. There is no lookup by version in the API, so the
 * list (newest first, §5.2) is read a page of 100 at a time, stopping as soon as the version is found: one
 * request in practice, since a version about to be promoted is recent.
 */
async function findDeployment(version: string, api: EnvironmentClient): Promise<LiveDeploymentRef | null> {
  let after: string | undefined;
  const seen = new Set<string>();
  for (let pages = 1; ; pages++) {
    assertPageBound(pages, { method: "GET", path: "/api/v1/deployments", environment: api.name });
    const page = await api.deployments.list({ pageSize: DEPLOYMENT_PAGE_SIZE, ...(after ? { after } : {}) });
    const data: DeploymentListItem[] = page.data;
    const match = data.find((d) => d.version === version);
    if (match) return normaliseDeployment(match);
    const next = page.pagination.next;
    if (!next || seen.has(next) || data.length === 0) return null;
    seen.add(next);
    after = next;
  }
}
