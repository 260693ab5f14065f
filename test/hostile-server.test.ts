import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorEnv, FIXTURE_PROJECT, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";
import { sendJson, startTestServer, type Hit, type TestServer } from "./helpers/client-test-server.js";

/*
 * A broken or hostile server (issue 9 §5–§7): a tiny loopback server plays the Trigger.dev API for one project
 * and answers one endpoint with a bad shape per case. Every case must end in one clear error that names the
 * endpoint (and the wrong field), exit code 1, no "internal error", no plan printed from the bad answer, and a
 * bounded number of requests. Time is bounded by the test timeout only (no wall-clock assertions).
 */

const KEY = "tr_prod_hostileServerKey00000000";
const PROJECT = "proj_hostileserver";
const CONFIG = `version: 1
project: ${PROJECT}
environments:
  prod:
    prune: { envVars: true, schedules: true }
    envVars:
      LOG_LEVEL: warn
    schedules:
      nightly: { task: cleanup, cron: "0 3 * * *" }
    queues:
      tasks:
        send-email: { concurrencyLimit: 20 }
`;

const ENVVARS_PATH = `/api/v1/projects/${PROJECT}/envvars/prod`;
/**
 * The reads of one plan: env vars, schedules, queues, and `/deployments/current` (the schedules' tasks are checked
 * against the current deployment; this server answers its 404 "nothing promoted", §5.1). A case may send no more.
 */
const READS = 4;
const schedule = (id: string, key: string) => ({
  id,
  type: "IMPERATIVE",
  task: "cleanup",
  active: true,
  deduplicationKey: key,
  externalId: null,
  generator: { type: "CRON", expression: "0 3 * * *", description: "" },
  timezone: "UTC",
  environments: [],
});
const queue = { id: "queue_1", name: "send-email", type: "task", running: 0, queued: 0, paused: false, concurrencyLimit: 20 };
const page = (data: unknown, totalPages: unknown = 1) => ({ data, pagination: { currentPage: 1, totalPages, count: 1 } });

/** What a well-behaved server answers; a case overrides one route. */
const GOOD: Record<string, unknown> = {
  [ENVVARS_PATH]: [{ name: "LOG_LEVEL", value: "warn", isSecret: false }],
  "/api/v1/schedules": page([schedule("sched_1", "nightly")]),
  "/api/v1/queues": page([queue]),
};

type Answer = (res: ServerResponse, hit: Hit) => void;
const json = (body: unknown): Answer => (res) => sendJson(res, 200, body);
const raw = (text: string): Answer => (res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(text);
};

interface Case {
  name: string;
  path: string;
  answer: Answer;
  /** Fragments the error line must contain. */
  says: string[];
  /** Most requests the run may send. */
  maxRequests: number;
}

const CASES: Case[] = [
  { name: "env var list is a string", path: ENVVARS_PATH, answer: json("abc"), says: [`GET ${ENVVARS_PATH}`, "the body must be array"], maxRequests: READS },
  { name: "env var list of empty objects", path: ENVVARS_PATH, answer: json([{}]), says: [`GET ${ENVVARS_PATH}`, "'/0/name' is missing"], maxRequests: READS },
  { name: "env var list of nulls", path: ENVVARS_PATH, answer: json([null]), says: [`GET ${ENVVARS_PATH}`, "'/0' must be object"], maxRequests: READS },
  { name: "env var value of the wrong type", path: ENVVARS_PATH, answer: json([{ name: "A", value: 5 }]), says: ["'/0/value' must be string"], maxRequests: READS },
  { name: "env var name empty", path: ENVVARS_PATH, answer: json([{ name: "", value: "x" }]), says: ["'/0/name' must NOT have fewer than 1 characters"], maxRequests: READS },
  { name: "schedule data is a string", path: "/api/v1/schedules", answer: json({ data: "abc", pagination: { totalPages: 1 } }), says: ["GET /api/v1/schedules", "'/data' must be array"], maxRequests: READS },
  { name: "schedule list of empty objects", path: "/api/v1/schedules", answer: json(page([{}])), says: ["GET /api/v1/schedules", "'/data/0/id' is missing"], maxRequests: READS },
  { name: "schedule list of nulls", path: "/api/v1/schedules", answer: json(page([null])), says: ["'/data/0' must be object"], maxRequests: READS },
  { name: "schedule without generator", path: "/api/v1/schedules", answer: json(page([{ ...schedule("sched_1", "x"), generator: undefined }])), says: ["'/data/0/generator' is missing"], maxRequests: READS },
  { name: "schedule active as a string", path: "/api/v1/schedules", answer: json(page([{ ...schedule("sched_1", "x"), active: "yes" }])), says: ["'/data/0/active' must be boolean"], maxRequests: READS },
  { name: "schedule page without pagination", path: "/api/v1/schedules", answer: json({ data: [] }), says: ["'/pagination' is missing"], maxRequests: READS },
  { name: "totalPages 1e309 (Infinity)", path: "/api/v1/schedules", answer: raw('{"data":[],"pagination":{"totalPages":1e309}}'), says: ["'/pagination/totalPages' must be integer"], maxRequests: READS },
  { name: "totalPages negative", path: "/api/v1/schedules", answer: json(page([], -3)), says: ["'/pagination/totalPages' must be >= 0"], maxRequests: READS },
  { name: "totalPages a string", path: "/api/v1/schedules", answer: json(page([], "7")), says: ["'/pagination/totalPages' must be integer"], maxRequests: READS },
  { name: "totalPages 1,000,000", path: "/api/v1/schedules", answer: json(page([], 1_000_000)), says: ["GET /api/v1/schedules [prod]", "claims 1000000 pages", "1000 pages of 100"], maxRequests: READS },
  { name: "queue list of empty objects", path: "/api/v1/queues", answer: json(page([{}])), says: ["GET /api/v1/queues", "'/data/0/id' is missing"], maxRequests: READS },
  { name: "queue limit a string", path: "/api/v1/queues", answer: json(page([{ ...queue, concurrencyLimit: "20" }])), says: ["'/data/0/concurrencyLimit' must be integer,null"], maxRequests: READS },
  { name: "queue type unknown", path: "/api/v1/queues", answer: json(page([{ ...queue, type: "weird" }])), says: ["'/data/0/type' must be equal to one of the allowed values"], maxRequests: READS },
  { name: "body not JSON", path: "/api/v1/queues", answer: raw("<html>hello</html>"), says: ["GET /api/v1/queues", "the body must be object"], maxRequests: READS },
  { name: "empty body", path: ENVVARS_PATH, answer: (res) => res.writeHead(200).end(), says: [`GET ${ENVVARS_PATH}`, "the body must be array"], maxRequests: READS },
];

let server: TestServer;
let route: { path: string; answer: Answer } | undefined;
let cwd: string;
let runs = 0;

beforeAll(async () => {
  cwd = workdir({ "trigger-iac.yaml": CONFIG });
  server = await startTestServer((hit, res) => {
    // Each run has its own base path, so a request of an earlier run still in flight is never counted.
    const path = new URL(hit.url, "http://x").pathname.replace(/^\/run-\d+/, "");
    if (route && path === route.path) return route.answer(res, hit);
    if (path in GOOD) return sendJson(res, 200, GOOD[path]);
    sendJson(res, 404, { error: "Not found" });
  });
});
afterAll(() => server.close());

/** Runs `plan` against the server; `requests()` counts this run's requests only. */
async function plan() {
  const prefix = `/run-${++runs}/`;
  const run = await runInProcess(["plan", "--no-color"], { cwd, env: { TRIGGER_API_URL: `${server.url}${prefix}`, TRIGGER_SECRET_KEY_PROD: KEY } });
  return { ...run, requests: () => server.hits.filter((h) => h.url.startsWith(prefix)).length };
}

describe("a hostile server", () => {
  it(`the well-behaved baseline plans cleanly in ${READS} requests`, async () => {
    route = undefined;
    const run = await plan();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.requests()).toBe(READS);
  });

  for (const c of CASES) {
    it(`${c.name}: one clear error, bounded requests`, async () => {
      route = { path: c.path, answer: c.answer };
      const run = await plan();
      expect(run.code).toBe(1);
      const errorLine = run.stderr.split("\n")[0];
      expect(errorLine).toMatch(/^Error: /);
      for (const fragment of c.says) expect(errorLine).toContain(fragment);
      expect(run.stderr).not.toMatch(/internal error|please report it at|TypeError|RangeError|Invalid array length/);
      // No plan is built from a bad answer: nothing of one is printed.
      expect(run.stdout).not.toMatch(/undefined|Plan:|\(delete\)/);
      expect(run.requests()).toBeLessThanOrEqual(c.maxRequests);
    });
  }
});

/** Streams `total` bytes of a JSON-looking body in 1 MiB chunks, stopping as soon as the client hangs up. */
function streamHuge(total: number, status = 200): Answer {
  return (res) => {
    res.writeHead(status, { "content-type": "application/json" });
    const chunk = Buffer.alloc(1024 * 1024, "a");
    let sent = 0;
    const pump = () => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    res.write('{"data":"');
    pump();
  };
}

describe("a hostile server: sizes", () => {
  it("a 700 MB body is 'response too large', not 'could not reach', and is not retried", async () => {
    route = { path: ENVVARS_PATH, answer: streamHuge(700 * 1024 * 1024) };
    const run = await plan();
    expect(run.code).toBe(1);
    const errorLine = run.stderr.split("\n")[0];
    expect(errorLine).toContain("response is too large: more than 16777216 bytes");
    expect(errorLine).toContain(`GET ${ENVVARS_PATH}`);
    expect(run.stderr).not.toMatch(/could not reach|internal error/);
    expect(run.requests()).toBeLessThanOrEqual(READS);
  });

  it("a 5 MB error string is printed clipped to a few KB", async () => {
    route = { path: ENVVARS_PATH, answer: (res) => sendJson(res, 400, { error: `${"E".repeat(5 * 1024 * 1024)}` }) };
    const run = await plan();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("the Trigger.dev API refused GET");
    expect(run.stderr).toContain("more characters not shown");
    expect(run.stderr.length).toBeLessThan(8 * 1024);
    expect(run.requests()).toBeLessThanOrEqual(READS);
  });

  it("a 5 MB HTML error page is printed clipped", async () => {
    route = { path: "/api/v1/queues", answer: (res) => res.writeHead(502, { "content-type": "text/html" }).end(`<html>${"x".repeat(5 * 1024 * 1024)}</html>`) };
    const run = await plan();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("[HTTP 502]");
    expect(run.stderr.length).toBeLessThan(8 * 1024);
  });
});

// The server does not validate env var names (api-behaviour.md §0 item 4). A live name with an escape
// sequence and a newline was printed raw: it could clear the terminal and forge a line of the plan in CI logs.
describe("server-provided names with control characters", () => {
  const EVIL = "EVIL\u001b[2J\nNo changes. Live state matches the configuration.";

  const fixture = useFixtureWorkspace();
  beforeAll(() => {
    fixture.emulator.admin.setEnvVar("prod", EVIL, "x");
  });

  const config = (prune: boolean) =>
    `version: 1\nproject: ${FIXTURE_PROJECT}\nenvironments:\n  prod:\n    prune: { envVars: ${prune} }\n    envVars:\n      LOG_LEVEL: debug\n      OLD_VAR: old\n      SAME: same\n`;

  it("are escaped in the text plan: no raw ESC, no forged line", async () => {
    const run = await runInProcess(["plan"], { cwd: workdir({ "trigger-iac.yaml": config(false) }), env: emulatorEnv(fixture.emulator) });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("\u001b");
    expect(run.stdout).toContain("? prod.envVars.EVIL\\u001b[2J\\u000aNo changes. Live state matches the configuration. (unmanaged)");
    expect(run.stdout.split("\n").filter((line) => line.startsWith("No changes."))).toHaveLength(1);
  });

  it("are escaped in the apply report (a pruned variable)", async () => {
    const run = await runInProcess(["apply", "--auto-approve"], { cwd: workdir({ "trigger-iac.yaml": config(true) }), env: emulatorEnv(fixture.emulator) });
    expect(run.stderr).toBe("");
    expect(run.stdout).not.toContain("\u001b");
    expect(run.stdout).toContain("prod.envVars.EVIL\\u001b[2J\\u000aNo changes. Live state matches the configuration.: deleted");
  });
});
