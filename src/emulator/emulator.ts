import { createServer } from "node:http";
import type { Socket } from "node:net";
import type { AddressInfo } from "node:net";
import type { EnvironmentName } from "../model/environments.js";
import { ENVIRONMENT_NAMES } from "../model/environments.js";
import type { Emulator, EmulatorOptions, EmulatorSeed, FaultRule, RequestLogEntry } from "./types.js";
import { DEFAULT_SEED } from "./default-seed.js";
import { loadSeedFile, seedToState, validateSeed } from "./seed.js";
import { loadStateFile, saveStateFile } from "./persistence.js";
import { Chaos, parseFaultSpec, validateFaultRules } from "./faults.js";
import { SeededRandom } from "./random.js";
import { DEPLOYMENT_LIMIT, GENERAL_LIMIT, TokenBuckets } from "./rate-limit.js";
import type { Pipeline } from "./server.js";
import { handleRequest } from "./server.js";
import { createAdmin } from "./admin.js";
import type { EmulatorState } from "./state.js";

function resolveSeed(seed: EmulatorOptions["seed"]): EmulatorSeed {
  if (seed === undefined) return DEFAULT_SEED;
  if (typeof seed === "string") return loadSeedFile(seed);
  return validateSeed(seed);
}

function resolveFaults(faults: EmulatorOptions["faults"]): FaultRule[] {
  if (faults === undefined) return [];
  return typeof faults === "string" ? parseFaultSpec(faults) : validateFaultRules(faults);
}

function resolveLatency(latency: EmulatorOptions["latency"]): number | { minMs: number; maxMs: number } {
  if (latency === undefined) return 0;
  if (typeof latency === "number") {
    if (!Number.isFinite(latency) || latency < 0) throw new Error(`Invalid emulator latency ${latency}: use a number of ms >= 0`);
    return latency;
  }
  if (!(latency.minMs >= 0) || !(latency.maxMs >= latency.minMs)) {
    throw new Error(`Invalid emulator latency range ${latency.minMs}..${latency.maxMs}: use 0 <= minMs <= maxMs`);
  }
  return latency;
}

function resolveLimiters(setting: EmulatorOptions["rateLimit"]): Pipeline["limiters"] {
  if (setting === false) return undefined;
  if (setting === undefined || setting === true) {
    return { general: new TokenBuckets(GENERAL_LIMIT), deployment: new TokenBuckets(DEPLOYMENT_LIMIT) };
  }
  for (const [name, value] of Object.entries(setting)) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`Invalid emulator rateLimit.${name} ${String(value)}: use a number > 0`);
  }
  // Custom settings apply to the general limiter; the deployment limiter keeps the server's 2x ratio.
  return {
    general: new TokenBuckets(setting),
    deployment: new TokenBuckets({ ...setting, maxTokens: setting.maxTokens * 2, refillRate: setting.refillRate * 2 }),
  };
}

function credentialsOf(state: EmulatorState): Emulator["credentials"] {
  const project = state.projects[0];
  const secretKeys = Object.fromEntries(ENVIRONMENT_NAMES.map((e) => [e, project?.environments[e]?.apiKey ?? ""])) as Record<EnvironmentName, string>;
  const pat = state.personalAccessTokens.find((p) => !p.projects || (project && p.projects.includes(project.ref)));
  return { projectRef: project?.ref ?? "", accessToken: pat?.token ?? "", secretKeys };
}

/**
 * Starts a local Trigger.dev API on 127.0.0.1 that behaves like the real server, quirks included
 * (shared/reference/api-behaviour.md). Close it with `close()`.
 *
 * Preview branches are child environments for env vars (own values, the preview environment's inherited in
 * lists; writes with `x-trigger-branch` land in the branch). Known differences from the real server: a branch's
 * schedules, queues, deployments and runs are the preview environment's; dev branches are not modelled; public
 * JWTs, V1-engine environments, UNMANAGED deployments and concurrency-limit (V2 queue) APIs are not modelled;
 * run counts on queues come from seeded runs only.
 *
 * @example
 * const emulator = await startEmulator({ faults: "429:0.1", randomSeed: 7 });
 * // point a client at emulator.url with emulator.credentials.secretKeys.prod
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = new Date();
  const statePath = options.statePath;
  const state = (statePath ? loadStateFile(statePath, now) : undefined) ?? seedToState(resolveSeed(options.seed), now);
  const rules = resolveFaults(options.faults);
  const chaos = new Chaos(new SeededRandom(options.randomSeed ?? 1), rules, resolveLatency(options.latency));
  const log: RequestLogEntry[] = [];
  let seq = 0;
  let baseUrl = "";
  const hung = new Set<Socket>();
  const persist = (): void => {
    if (statePath) saveStateFile(statePath, state);
  };
  if (statePath) persist();

  const pipeline: Pipeline = {
    state: () => state,
    chaos,
    limiters: resolveLimiters(options.rateLimit),
    envSlugMode: options.envSlugMode ?? "current",
    baseUrl: () => baseUrl,
    log,
    nextSeq: () => ++seq,
    persist,
    hung,
  };

  const server = createServer((req, res) => {
    handleRequest(pipeline, req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ error: "Internal Server Error" }));
      }
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url: baseUrl,
    port,
    credentials: credentialsOf(state),
    get requests() {
      return log;
    },
    clearRequests() {
      log.length = 0;
    },
    admin: createAdmin({
      state: () => state,
      changed: persist,
    }),
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const socket of hung) socket.destroy();
        hung.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
