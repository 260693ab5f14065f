import type { BackgroundWorker, EnvVarItem } from "../client/api-types.js";
import type { EnvironmentName } from "../model/environments.js";
import { CredentialError } from "../client/errors.js";
import type { EnvironmentClient, TriggerClient } from "../client/client.js";
import { isPresenceOnly, type DesiredEnvironment, type DesiredState } from "../model/desired.js";
import type { LiveDeployment, LiveEnvironment, LiveState } from "../model/live.js";
import type { ProjectBinding } from "../client/credentials.js";
import { settleReads } from "./binding.js";
import { markInherited } from "./branch.js";
import { normaliseEnvVars, normaliseQueues, normaliseSchedules } from "./normalise.js";
import { createDeploymentReader, type DeploymentReader, type DeploymentReadOptions } from "./promotion.js";
import { declaresSchedules, readWorker } from "./read-worker.js";

/** Options of {@link readLive}. */
export interface ReadLiveOptions extends DeploymentReadOptions {
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

/**
 * Reads the live state the desired state manages, with the fewest requests the API allows. Per environment,
 * at most: one env var list (+ one runtime read when secret values must be compared, sent beside the list when
 * secrets are declared with values), all schedule pages and all queue pages (as many as the declared counts
 * fill at once, then any missing ones), `GET /deployments/current` (+ one deployment lookup when the declared
 * version is not the current one, + the gate's run counts, see src/live/promotion.ts), for a preview branch the
 * preview environment's own env var list (to tell the branch's variables from inherited ones), and when
 * schedules are declared one worker lookup for their tasks (+ `GET /deployments/current` when no version is
 * declared). With a PAT the client adds one environment key lookup per environment that needs a secret-key
 * route; with `options.binding`, an environment whose secret key no read vouches for gets one env var list. A
 * collection the file does not declare is not read
 * at all. Environments are read in parallel.
 *
 * The result holds secret values in memory only (for comparison); never print or serialise it as is.
 * @example const live = await readLive(desired, client);
 */
export async function readLive(desired: DesiredState, client: TriggerClient, options: ReadLiveOptions = {}): Promise<LiveState> {
  // One worker lookup per environment and version, shared by the schedule task check and the promotion's task list.
  const workers = new Map<string, Promise<BackgroundWorker | null>>();
  const workerOf = (env: EnvironmentName, version: string) => {
    const key = `${env}:${version}`;
    let pending = workers.get(key);
    if (!pending) workers.set(key, (pending = client.environment(env).workers.byVersion(version)));
    return pending;
  };
  const readDeployment = createDeploymentReader(client, { ...options, workerOf });
  const environments = await settleReads(
    desired.environments.map((env) => readEnvironment(env, client.environment(env.name), client, options, readDeployment, workerOf)),
  );
  return { project: desired.project, environments };
}

async function readEnvironment(
  want: DesiredEnvironment,
  api: EnvironmentClient,
  client: TriggerClient,
  options: ReadLiveOptions,
  readDeployment: DeploymentReader,
  workerOf: (env: EnvironmentName, version: string) => Promise<BackgroundWorker | null>,
): Promise<LiveEnvironment> {
  const { binding } = options;
  const bound = <T>(request: () => Promise<T>): Promise<T> => (binding ? binding.through(want.name, request) : request());
  // The binding's own request only where no read of the plan names the project (env var list, worker lookup).
  const probe = binding && want.envVars === undefined && !declaresSchedules(want) ? binding.prove(want.name) : undefined;
  const reading = want.deployment === undefined ? undefined : readDeployment(want.name, want.deployment);
  const [envVars, branch, schedules, queues, deployment, worker] = await settleReads([
    want.envVars === undefined ? undefined : readEnvVars(want, api, options.readSecretValues ?? true, bound),
    want.envVars === undefined || api.branch === undefined ? undefined : readParentEnvVars(want, client),
    // Pages for the declared counts go out at once: one round trip when live matches the file (after the key
    // lookup with a PAT), instead of page 1 first and the rest after it.
    want.schedules === undefined ? undefined : api.schedules.list({ expected: Object.keys(want.schedules).length }).then(normaliseSchedules),
    want.queues === undefined ? undefined : api.queues.list({ expected: want.queues.length }).then(normaliseQueues),
    reading,
    withCandidate(want, reading).then((w) =>
      readWorker(w, { ...api, workers: { byVersion: (v: string) => workerOf(want.name, v) } }, bound, binding?.viaAccessToken(want.name)),
    ),
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
  // Declared secrets with values almost always need the runtime read: start it beside the list, not after it.
  // Its values stay in memory and are used only once the list has proved the key (the binding).
  const early =
    readSecretValues && Object.values(declared).some((v) => !isPresenceOnly(v) && v.secret) ? api.envVars.runtimeValues() : undefined;
  early?.catch(() => {}); // awaited below when needed; a failure then surfaces there
  const items = await bound(() => api.envVars.list());
  // Names whose value must be compared and that read back redacted: declared with a value, and secret either in
  // the file or on the server (a variable losing its secret flag still needs its value compared).
  const valued = new Set(Object.values(declared).filter((v) => !isPresenceOnly(v)).map((v) => v.name));
  const needed = items.filter((item) => item.isSecret && valued.has(item.name));
  if (!readSecretValues || needed.length === 0) return normaliseEnvVars(items);
  const runtime = await (early ?? api.envVars.runtimeValues());
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

/**
 * With `follow`, the worker whose tasks the schedules are checked against is the candidate's (the version apply
 * promotes): the desired environment as if it pinned that version. Otherwise `want` as is.
 */
async function withCandidate(want: DesiredEnvironment, reading: Promise<LiveDeployment> | undefined): Promise<DesiredEnvironment> {
  const follow = want.deployment?.follow;
  if (!follow || reading === undefined || !declaresSchedules(want)) return want;
  const version = (await reading).followed?.version;
  return version ? { ...want, deployment: { ...want.deployment, version } } : want;
}
