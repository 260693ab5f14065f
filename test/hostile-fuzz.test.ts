import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateConfigText } from "../src/config/index.js";
import { createTriggerClient, TriggerApiError, type TriggerClient } from "../src/client/index.js";
import { readLive } from "../src/live/index.js";
import { createRedactor } from "../src/secrets/redact.js";
import type { DesiredState } from "../src/model/desired.js";
import { sendJson, startTestServer, type TestServer } from "./helpers/client-test-server.js";
import { prng } from "./helpers/prng.js";

/*
 * Seeded fuzzing of the hostile-input families of issue 9: configs with JavaScript's own names, deep nesting and
 * secret values; server answers of the wrong shape, with huge page counts, or echoing secrets in some encoding.
 * Counted outcomes: internal errors (anything but a located issue or a client error), errors without a position
 * (or, from the network, without the endpoint), and leaks. All three must be 0.
 *
 * The normal suite runs FUZZ_CASES (default 600) per family; `npm run fuzz` runs 5,000.
 */

const CASES = Number(process.env.FUZZ_CASES ?? 600);
const SEED = 20261206;
/** A generous bound for a family (no speed is asserted): about 60 ms per case on a loaded machine. */
const TIMEOUT = Math.max(60_000, CASES * 60);
/** `npm run fuzz` prints each family's counts for the record. */
const report = (family: string, counts: object) => {
  if (process.env.FUZZ_CASES) console.info(`${family}: ${CASES} cases ${JSON.stringify(counts)}`);
};

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const JS_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "isPrototypeOf", "prototype"];
const SECRET = 'fuzz"Secret\\value +/ü%20=';
const SECRET_ENV = { SECRET_SOURCE: SECRET, ...Object.fromEntries(JS_NAMES.map((n) => [n, `env-${n}`])) };

/** A name: ordinary, JavaScript's own, or odd. */
function name(r: Rand): string {
  return pick(r, [...JS_NAMES, "OK_NAME", "a:b", "", " ", "x".repeat(80), "é", "1digit"]);
}

function nested(r: Rand, depth: number): string {
  const open = pick(r, ["[", "{a: "]);
  const close = open === "[" ? "]" : "}";
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}

/** One config text of the hostile families. */
function hostileConfig(r: Rand): string {
  const lines = ["version: 1", "project: proj_fuzzhostile", "environments:"];
  const env = r() < 0.9 ? pick(r, ["prod", "staging"]) : name(r);
  lines.push(`  ${JSON.stringify(env)}:`);
  if (r() < 0.3) lines.push(`    prune: { ${JSON.stringify(name(r))}: true, envVars: ${pick(r, ["true", "false", "1"])} }`);
  lines.push("    envVars:");
  for (let i = 0, n = 1 + Math.floor(r() * 4); i < n; i++) {
    const key = JSON.stringify(name(r) + (r() < 0.5 ? "" : String(i)));
    switch (Math.floor(r() * 6)) {
      case 0:
        lines.push(`      ${key}: { fromEnv: ${JSON.stringify(pick(r, [...JS_NAMES, "SECRET_SOURCE", "MISSING"]))}, secret: true }`);
        break;
      case 1:
        lines.push(`      ${key}: { value: ${JSON.stringify(SECRET)}, secret: ${pick(r, ["true", "yes", "1"])} }`);
        break;
      case 2:
        lines.push(`      ${key}: ${nested(r, 1 + Math.floor(r() * pick(r, [10, 60, 3000])))}`);
        break;
      case 3:
        lines.push(`      ${key}: { ${JSON.stringify(name(r))}: "plain" }`);
        break;
      default:
        lines.push(`      ${key}: ${JSON.stringify(pick(r, ["plain", "", "0 3 * * *"]))}`);
    }
  }
  if (r() < 0.6) {
    lines.push("    schedules:");
    lines.push(`      ${JSON.stringify(name(r))}: { task: ${JSON.stringify(name(r))}, cron: "0 3 * * *" }`);
  }
  if (r() < 0.4) {
    lines.push("    queues:", `      ${pick(r, ["tasks", "custom", name(r)])}:`, `        ${JSON.stringify(name(r))}: { concurrencyLimit: ${pick(r, ["3", "null", "-1", "1e309"])} }`);
  }
  let text = lines.join("\n") + "\n";
  if (r() < 0.2) {
    // Deep block nesting: each level one more space of indentation.
    text += Array.from({ length: pick(r, [40, 400, 1500]) }, (_, i) => `${" ".repeat(6 + i)}- `).join("\n") + "x\n";
  }
  return text;
}

describe("hostile config fuzzing", () => {
  it(`${CASES} seeded configs: 0 internal errors, 0 issues without a position, 0 leaks`, () => {
    const r = prng(SEED);
    const counts = { internal: 0, unpositioned: 0, leaks: 0, withErrors: 0, deep: 0 };
    const redactor = createRedactor([SECRET]);
    for (let n = 0; n < CASES; n++) {
      const text = hostileConfig(r);
      const file = `fuzz-${n}.yaml`;
      let result: ReturnType<typeof validateConfigText>;
      try {
        result = validateConfigText(text, file, SECRET_ENV);
      } catch (error) {
        counts.internal++;
        throw new Error(`case ${n} threw ${String(error)}`);
      }
      const lineCount = text.split("\n").length;
      for (const i of result.issues) {
        if (i.file !== file || !(i.line >= 1 && i.line <= lineCount && i.col >= 1) || i.message === "") counts.unpositioned++;
        // An issue naming a JavaScript internal instead of the user's input is an internal error in disguise.
        if (/\[object Object\]|function \w*\(\) \{|is not a function|Maximum call stack|undefined/.test(i.message)) counts.internal++;
        if (redactor.scrub(`${i.message}\n${i.frame ?? ""}`) !== `${i.message}\n${i.frame ?? ""}`) {
          counts.leaks++;
          if (counts.leaks === 1) console.error(`case ${n} leaks in ${JSON.stringify(i)} from:\n${text.slice(0, 2000)}`);
        }
        if (i.code === "nesting-too-deep") counts.deep++;
      }
      if (result.issues.some((i) => i.severity === "error")) counts.withErrors++;
    }
    report("configs", counts);
    expect({ internal: counts.internal, unpositioned: counts.unpositioned, leaks: counts.leaks }).toEqual({ internal: 0, unpositioned: 0, leaks: 0 });
    // The families really reach the error paths, deep nesting included.
    expect(counts.withErrors).toBeGreaterThan(CASES / 4);
    expect(counts.deep).toBeGreaterThan(CASES / 20);
  }, TIMEOUT);
});

/** A wrong value for a field: the shapes a broken server sends. */
function badValue(r: Rand): unknown {
  return pick(r, [null, undefined, "abc", "", 0, -1, 1e6, 1.5, true, [], [null], [{}], {}, { __proto__: null }, "__proto__"]);
}

/** One server answer for the schedules, queues or env var list, mutated in one random place. */
function hostileAnswer(r: Rand): { path: string; body: unknown; raw?: string } {
  const schedule = { id: "sched_1", type: "IMPERATIVE", task: "t", active: true, generator: { type: "CRON", expression: "0 3 * * *", description: "" }, timezone: "UTC", deduplicationKey: "k" };
  const queue = { id: "queue_1", name: "q", type: "task", running: 0, queued: 0, paused: false, concurrencyLimit: 3 };
  const variable = { name: pick(r, [...JS_NAMES, "A"]), value: "v", isSecret: false };
  const which = Math.floor(r() * 3);
  if (r() < 0.1) {
    const path = pick(r, ["/api/v1/schedules", "/api/v1/queues"]);
    return { path, body: undefined, raw: `{"data":[],"pagination":{"currentPage":1,"totalPages":${pick(r, ["1e309", "1000000", "-1", "NaN", "1001", "\"2\""])},"count":0}}` };
  }
  const item: Record<string, unknown> = { ...[schedule, queue, variable][which] };
  const fields = Object.keys(item);
  if (r() < 0.8) {
    const field = pick(r, fields);
    const value = badValue(r);
    if (value === undefined) delete item[field];
    else item[field] = value;
  }
  const list = pick(r, [[item], [item, item], [badValue(r)], badValue(r)]);
  if (which === 2) return { path: "/api/v1/projects/proj_fuzz/envvars/prod", body: list };
  const page = { data: list, pagination: r() < 0.9 ? { currentPage: 1, totalPages: 1, count: 1 } : badValue(r) };
  return { path: which === 0 ? "/api/v1/schedules" : "/api/v1/queues", body: r() < 0.9 ? page : badValue(r) };
}

describe("hostile server fuzzing", () => {
  let server: TestServer;
  const dispatcher = new Agent();
  let answer: { path: string; body: unknown; raw?: string } | undefined;
  const desired: DesiredState = {
    project: "proj_fuzz",
    environments: [{ name: "prod", prune: { envVars: true, schedules: true, queues: true }, envVars: {}, schedules: {}, queues: [] }],
  } as unknown as DesiredState;
  const good: Record<string, unknown> = {
    "/api/v1/projects/proj_fuzz/envvars/prod": [],
    "/api/v1/schedules": { data: [], pagination: { currentPage: 1, totalPages: 0, count: 0 } },
    "/api/v1/queues": { data: [], pagination: { currentPage: 1, totalPages: 0, count: 0 } },
  };

  beforeAll(async () => {
    server = await startTestServer((hit, res) => {
      // Each case has its own base path (/c<n>), so a request of an earlier case still in flight is not counted.
      const path = new URL(hit.url, "http://x").pathname.replace(/^\/c\d+/, "");
      if (answer && path === answer.path) {
        if (answer.raw !== undefined) return void res.writeHead(200, { "content-type": "application/json" }).end(answer.raw);
        return sendJson(res, 200, answer.body === undefined ? null : answer.body);
      }
      sendJson(res, 200, good[path] ?? null);
    });
  });
  afterAll(async () => {
    await dispatcher.close();
    await server.close();
  });

  it(`${CASES} seeded bad answers: 0 internal errors, 0 errors without the endpoint, bounded requests`, async () => {
    const r = prng(SEED + 1);
    const counts = { internal: 0, unnamed: 0, accepted: 0, refused: 0, phantom: 0 };
    for (let n = 0; n < CASES; n++) {
      answer = hostileAnswer(r);
      const prefix = `/c${n}/`;
      const client: TriggerClient = createTriggerClient({
        baseUrl: `${server.url}${prefix}`,
        projectRef: "proj_fuzz",
        credentials: { secretKeys: { prod: "tr_prod_fuzzHostileKey0000000000" } },
        retry: false,
        rateLimit: false,
        dispatcher,
      });
      try {
        const live = await readLive(desired, client, { readSecretValues: false });
        counts.accepted++;
        // An accepted answer never yields a phantom `undefined` name.
        if (JSON.stringify(live).includes("undefined") || Object.keys(live.environments[0]!.envVars ?? {}).some((k) => k === "undefined")) counts.phantom++;
      } catch (error) {
        if (!(error instanceof TriggerApiError)) {
          counts.internal++;
          throw new Error(`case ${n} (${JSON.stringify(answer)}) threw ${String(error)}`);
        }
        counts.refused++;
        if (!error.message.includes(answer.path)) counts.unnamed++;
      } finally {
        await client.close();
      }
      // Three lists, one page each: a claimed page count never makes more requests.
      expect(server.hits.filter((h) => h.url.startsWith(prefix)).length).toBeLessThanOrEqual(3);
    }
    report("server answers", counts);
    expect({ internal: counts.internal, unnamed: counts.unnamed, phantom: counts.phantom }).toEqual({ internal: 0, unnamed: 0, phantom: 0 });
    expect(counts.refused).toBeGreaterThan(CASES / 2);
  }, TIMEOUT);
});

describe("secret echo fuzzing", () => {
  it(`${CASES} seeded echoes of a registered secret, in random encodings and places: 0 leaks`, async () => {
    const r = prng(SEED + 2);
    const secret = `${SECRET}-${Math.floor(r() * 1e9)}`;
    const forms = (s: string) => [
      s,
      JSON.stringify(s).slice(1, -1),
      JSON.stringify(JSON.stringify(s)).slice(1, -1),
      encodeURIComponent(s),
      encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
      new URLSearchParams({ s }).toString().slice(2),
      Buffer.from(s).toString("base64"),
      Buffer.from(s).toString("base64url"),
      Buffer.from(`u:${s}`).toString("base64"),
      Buffer.from(`ab${s}`).toString("base64"),
    ];
    let echo = "";
    let status = 400;
    const server = await startTestServer((_hit, res) => {
      if (r() < 0.3) return void res.writeHead(status, { "content-type": "text/plain" }).end(echo);
      sendJson(res, status, pick(r, [{ error: echo }, { error: "refused", details: [{ message: echo }] }, { error: "x", variableErrors: [{ key: "K", error: echo }] }]));
    });
    const client = createTriggerClient({ baseUrl: server.url, projectRef: "proj_fuzz", credentials: { secretKeys: { prod: "tr_prod_fuzzEchoKey000000000000" } }, retry: false, rateLimit: false });
    let leaks = 0;
    try {
      for (let n = 0; n < CASES; n++) {
        status = pick(r, [400, 401, 422, 500]);
        // The secret, somewhere in a long text, perhaps straddling the 200/4096-character cuts.
        const pad = "p".repeat(pick(r, [0, 10, 190, 195, 4090, 4093]));
        echo = `${pad}${pick(r, forms(secret))}${pick(r, ["", " tail", "\"}"])}`;
        const error = await client
          .environment("prod")
          .envVars.create({ name: "S", value: secret, isSecret: true })
          .then(() => undefined, (e: unknown) => e as Error);
        const text = `${String(error?.message)} ${JSON.stringify((error as { body?: unknown }).body)}`;
        if (forms(secret).some((f) => text.includes(f) || text.includes(f.slice(0, 12)))) leaks++;
      }
    } finally {
      await client.close();
      await server.close();
    }
    report("secret echoes", { leaks });
    expect(leaks).toBe(0);
  }, TIMEOUT);
});
