import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { RequestLogEntry } from "./types.js";
import type { Chaos } from "./faults.js";
import type { RouteResponse } from "./http.js";
import { error, parseJsonBody, readBodyText, writeResponse } from "./http.js";
import type { Route, RouteContext } from "./router.js";
import { matchRoute } from "./router.js";
import type { EmulatorState } from "./state.js";
import type { Credential } from "./auth.js";
import { resolveCredential } from "./auth.js";
import type { TokenBuckets } from "./rate-limit.js";
import { GENERAL_LIMIT, limiterFor, missingAuthResponse, rateLimitHeaders, rateLimitedResponse } from "./rate-limit.js";
import { envVarRoutes } from "./routes/envvars.js";
import { scheduleRoutes } from "./routes/schedules.js";
import { queueRoutes } from "./routes/queues.js";
import { deploymentRoutes } from "./routes/deployments.js";
import { projectRoutes } from "./routes/projects.js";
import { workerRoutes } from "./routes/workers.js";
import { runRoutes } from "./routes/runs.js";
import { timezoneRoutes } from "./routes/timezones.js";

/** Every route, specific paths first (the first matching path owns it, like Remix). */
export const ROUTES: readonly Route[] = [
  ...timezoneRoutes,
  ...scheduleRoutes,
  ...queueRoutes,
  ...deploymentRoutes,
  ...runRoutes,
  ...envVarRoutes,
  ...workerRoutes,
  ...projectRoutes,
];

/** The running emulator's moving parts, as the request pipeline sees them. */
export interface Pipeline {
  state(): EmulatorState;
  chaos: Chaos;
  limiters: { general: TokenBuckets; deployment: TokenBuckets } | undefined;
  envSlugMode: "current" | "strict";
  baseUrl(): string;
  log: RequestLogEntry[];
  nextSeq(): number;
  persist(): void;
  /** Sockets held open by the "timeout" fault; close() destroys them. */
  hung: Set<Socket>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function authKind(credential: Credential): RequestLogEntry["auth"] {
  switch (credential.kind) {
    case "none":
      return "none";
    case "secretKey":
      return "secretKey";
    case "pat":
      return "pat";
    default:
      return "invalid";
  }
}

function faultResponse(kind: "429" | "500" | "502" | "503", now: number, resetMs: number): RouteResponse {
  switch (kind) {
    case "429":
      return rateLimitedResponse({ ok: false, limit: GENERAL_LIMIT.maxTokens, remaining: -1, reset: now + resetMs }, now);
    case "500":
      return error(500, "Internal Server Error");
    case "502":
      return error(502, "Bad Gateway");
    case "503":
      return error(503, "Service Unavailable");
  }
}

/**
 * Handles one request: body, latency, fault injection, the limiter's missing-header 401 and token buckets
 * (api-behaviour.md §1.7), routing, the request log and persistence.
 */
export async function handleRequest(p: Pipeline, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const rawUrl = req.url ?? "/";
  const qIndex = rawUrl.indexOf("?");
  const path = qIndex >= 0 ? rawUrl.slice(0, qIndex) : rawUrl;
  const query = new URLSearchParams(qIndex >= 0 ? rawUrl.slice(qIndex + 1) : "");
  const rawBody = await readBodyText(req);
  const state = p.state();
  const branchHeader = req.headers["x-trigger-branch"];
  const credential = resolveCredential(state, req.headers.authorization, branchHeader);
  const entry: RequestLogEntry = {
    seq: p.nextSeq(),
    method,
    path,
    query: Object.fromEntries(query.entries()),
    status: 0,
    auth: authKind(credential),
  };
  if (typeof branchHeader === "string") entry.branch = branchHeader;
  if (credential.kind === "secretKey") {
    entry.environment = credential.envName;
    entry.projectRef = credential.project.ref;
  }

  const latency = p.chaos.drawLatency();
  if (latency > 0) {
    entry.latencyMs = latency;
    await sleep(latency);
  }
  const rule = p.chaos.drawFault(method, path);
  // A lost answer: the request is handled below, then the connection is reset instead of answered.
  const lostAnswer = rule?.kind === "lost";
  if (lostAnswer) entry.fault = "lost";
  if (rule && rule.kind !== "lost") {
    const fault = rule.kind;
    entry.fault = fault;
    p.log.push(entry);
    if (fault === "reset") {
      req.socket.destroy();
      return;
    }
    if (fault === "timeout") {
      // Never answer; the socket stays open until the client gives up or close() runs.
      p.hung.add(req.socket);
      req.socket.once("close", () => p.hung.delete(req.socket));
      return;
    }
    const response = faultResponse(fault, Date.now(), rule.resetMs ?? GENERAL_LIMIT.refillIntervalMs);
    entry.status = response.status;
    writeResponse(res, response, {});
    return;
  }

  let extraHeaders: Record<string, string> = {};
  let response: RouteResponse | undefined;
  let changed = false;
  const limiter = limiterFor(path);
  if (limiter !== "exempt" && credential.kind === "none") {
    // The limiter's own 401 fires before any route runs (§1.7).
    response = missingAuthResponse();
  } else if (limiter !== "exempt" && p.limiters) {
    const key =
      credential.kind === "secretKey"
        ? `env:${credential.env.id}`
        : `hdr:${createHash("sha256").update(String(req.headers.authorization)).digest("hex")}`;
    const now = Date.now();
    const result = p.limiters[limiter].take(key, now);
    extraHeaders = rateLimitHeaders(result);
    if (!result.ok) response = rateLimitedResponse(result, now);
  }

  if (!response) {
    const match = matchRoute(ROUTES, method, path);
    if (!match) {
      response = error(404, "Not Found");
    } else if ("response" in match) {
      response = match.response;
    } else {
      const ctx: RouteContext = {
        state,
        method,
        params: match.params,
        query,
        headers: req.headers,
        credential,
        body: parseJsonBody(rawBody),
        rawBody,
        now: new Date(),
        baseUrl: p.baseUrl(),
        envSlugMode: p.envSlugMode,
        changed: () => {
          changed = true;
        },
        setLogProjectRef: (ref) => {
          entry.projectRef ??= ref;
        },
      };
      try {
        response = await match.route.handler(ctx);
      } catch {
        response = error(500, "Internal Server Error");
      }
    }
  }
  entry.status = response.status;
  p.log.push(entry);
  if (changed) p.persist();
  if (lostAnswer) {
    req.socket.destroy();
    return;
  }
  writeResponse(res, response, extraHeaders);
}
