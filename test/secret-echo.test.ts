import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedactor, clipText, REDACTED, scrubAndClip } from "../src/secrets/redact.js";
import { createTriggerClient, HttpError } from "../src/client/index.js";
import { providerRuntime } from "../src/pulumi/runtime/index.js";
import { runInProcess, workdir } from "./helpers/cli-harness.js";
import { sendJson, startTestServer, type Hit, type TestServer } from "./helpers/client-test-server.js";

/*
 * Secret echoes (issue 9 §1–§4): a server that echoes what it was sent, in every encoding a real one might use,
 * must never get a registered secret printed, written or thrown, whole or in part. The scan decodes every
 * output (URL, JSON escapes, base64 runs) before looking, so it does not depend on the redactor's own list.
 */

const SECRET = 'Quote"Back\\slash + space/ü&=?#%41 tail';
const PAT = "tr_pat_secretEchoAccessToken00000000000000";
const FETCHED_KEY = "tr_prod_secretEchoFetchedKey00000000";
const KEY = "tr_prod_secretEchoGivenKey000000000";
const PROJECT = "proj_secretecho";

/** Every way a server could echo `text`. */
function echoes(text: string): string[] {
  const json = JSON.stringify(text).slice(1, -1);
  return [
    text,
    json,
    JSON.stringify(json).slice(1, -1),
    encodeURIComponent(text),
    encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    new URLSearchParams({ v: text }).toString().slice(2),
    Buffer.from(text).toString("base64"),
    Buffer.from(text).toString("base64url"),
    Buffer.from(`user:${text}`).toString("base64"),
    Buffer.from(`ab${text}`).toString("base64"),
  ];
}

/** The text and everything it decodes to, so a leak in any encoding is found by a plain search. */
function decodings(text: string): string[] {
  const out = [text];
  const unjson = (t: string) => t.replace(/\\u([0-9a-fA-F]{4})|\\(["\\/bfnrt])/g, (_, hex: string, c: string) => (hex ? String.fromCharCode(parseInt(hex, 16)) : c === "n" ? "\n" : c === "t" ? "\t" : c));
  out.push(unjson(text), unjson(unjson(text)));
  for (const t of [text, text.replace(/\+/g, " ")]) {
    try {
      out.push(decodeURIComponent(t));
    } catch {
      out.push(t.replace(/%[0-9a-fA-F]{2}/g, (m) => String.fromCharCode(parseInt(m.slice(1), 16))));
    }
  }
  for (const run of text.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? []) {
    for (const cut of [0, 1, 2, 3]) out.push(Buffer.from(run.slice(cut), run.includes("-") || run.includes("_") ? "base64url" : "base64").toString("latin1"));
    for (const cut of [0, 1, 2, 3]) out.push(Buffer.from(run.slice(cut), "base64").toString("utf8"));
  }
  return out;
}

function leaks(texts: { what: string; text: string }[], secrets: string[]): string[] {
  return texts.flatMap(({ what, text }) => {
    const all = decodings(text);
    // A secret's first characters count too: a cut through it must not show them (8 covers every prefix here).
    return secrets.flatMap((s) => {
      const hit = all.find((d) => d.includes(s) || d.includes(s.slice(0, 12)));
      if (hit === undefined) return [];
      const at = Math.max(hit.indexOf(s), hit.indexOf(s.slice(0, 12)));
      return [`${what} leaks ${s.slice(0, 6)}… in ${JSON.stringify(hit.slice(Math.max(0, at - 20), at + 20))}`];
    });
  });
}

describe("the redactor", () => {
  it("replaces every encoded form with the one placeholder", () => {
    const redactor = createRedactor([SECRET]);
    for (const form of echoes(SECRET)) {
      const scrubbed = redactor.scrub(`before ${form} after`);
      expect(scrubbed).toContain(REDACTED);
      expect(leaks([{ what: form, text: scrubbed }], [SECRET])).toEqual([]);
    }
  });

  it("ignores secrets shorter than the minimum and matches the longest secret whole", () => {
    const redactor = createRedactor(["abc", "secret-value", "secret-value-longer"]);
    expect(redactor.scrub("abc secret-value-longer secret-value")).toBe(`abc ${REDACTED} ${REDACTED}`);
  });

  it("with many secrets sharing prefixes, leaves no raw secret and replaces overlaps leftmost, longest first", () => {
    // Deterministic pseudo-random texts stitched from whole secrets, their prefixes and filler: every whole
    // secret must go, and the scan must pick, at each position, the longest secret starting there.
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const secrets = Array.from({ length: 400 }, (_, i) => `sk_live_${"ab".repeat(i % 7)}${i.toString(36)}z`);
    const redactor = createRedactor(secrets);
    for (let round = 0; round < 200; round++) {
      const parts: string[] = [];
      for (let k = 0; k < 12; k++) {
        const s = secrets[rand(secrets.length)];
        parts.push([s, s.slice(0, 3 + rand(s.length - 3)), "sk_", " ", "x"][rand(5)]);
      }
      const text = parts.join("");
      const scrubbed = redactor.scrub(text);
      for (const s of secrets) expect(scrubbed.includes(s)).toBe(false);
    }
    expect(redactor.scrub(`sk_live_ab ${secrets[2]}${secrets[9]}.`)).toBe(`sk_live_ab ${REDACTED}${REDACTED}.`);
    expect(createRedactor(["abcdef", "abcdefgh", "cdefgh"]).scrub("xabcdefghabcdefcdefgh")).toBe(`x${REDACTED}${REDACTED}${REDACTED}`);
  });

  it("scrubs values deeply, keys included, and keeps __proto__ an ordinary key", () => {
    const redactor = createRedactor([SECRET]);
    const body = JSON.parse(`{"__proto__": {"x": ${JSON.stringify(SECRET)}}, "list": [${JSON.stringify(SECRET)}]}`) as unknown;
    const clean = redactor.scrubValue(body) as Record<string, unknown>;
    expect(JSON.stringify(clean)).not.toContain("tail");
    expect(Object.keys(clean)).toEqual(["__proto__", "list"]);
  });

  it("redacts before clipping: a secret straddling the cut shows none of its characters", () => {
    const text = `${"x".repeat(190)}${SECRET}`;
    expect(clipText(text, 200)).toContain("Quote");
    expect(scrubAndClip(createRedactor([SECRET]), text, 200)).not.toContain("Quote");
  });
});

/** A server that answers every write with a 400 echoing the body and the Authorization header in every form. */
function echoAll(hit: Hit, res: ServerResponse, status = 400): void {
  const auth = String(hit.headers.authorization ?? "");
  const echoed = [...echoes(hit.body), ...echoes(auth), ...echoes(auth.replace(/^Bearer /, ""))];
  for (const s of [SECRET]) if (hit.body.includes(JSON.stringify(s).slice(1, -1))) echoed.push(...echoes(s));
  sendJson(res, status, {
    error: `Refused: ${echoed.join(" | ")}`,
    details: [{ message: echoed.join(" ") }],
    variableErrors: [{ key: "SECRET_VAR", error: `bad value ${echoed.join(" ")}` }],
  });
}

describe("secret echoes through the CLI, files and errors", () => {
  let server: TestServer;
  let cwd: string;
  const outputs: { what: string; text: string }[] = [];
  const CONFIG = `version: 1
project: ${PROJECT}
environments:
  prod:
    envVars:
      SECRET_VAR: { fromEnv: SECRET_VALUE, secret: true }
    schedules:
      nightly: { task: cleanup, cron: "0 3 * * *" }
`;

  beforeAll(async () => {
    cwd = workdir({ "trigger-iac.yaml": CONFIG });
    server = await startTestServer((hit, res) => {
      const path = new URL(hit.url, "http://x").pathname;
      if (path === `/api/v1/projects/${PROJECT}/prod`) return sendJson(res, 200, { apiKey: FETCHED_KEY, name: "prod", apiUrl: server.url, projectId: "p" });
      // With the fetched key, the schedule list is refused by a 401 that echoes the Authorization header.
      if (path === "/api/v1/schedules" && String(hit.headers.authorization).includes(FETCHED_KEY)) return echoAll(hit, res, 401);
      if (hit.method === "GET" && path.endsWith("/envvars/prod")) return sendJson(res, 200, []);
      if (hit.method === "GET" && path === "/api/v1/schedules") return sendJson(res, 200, { data: [], pagination: { currentPage: 1, totalPages: 0, count: 0 } });
      // Other reads (the current deployment): nothing there (§5.1). Every write is refused with the echo.
      if (hit.method === "GET") return sendJson(res, 404, { error: "Not found" });
      echoAll(hit, res);
    });
  });
  afterAll(() => server.close());

  const record = <R extends { stdout: string; stderr: string }>(what: string, run: R): R => {
    outputs.push({ what: `${what} stdout`, text: run.stdout }, { what: `${what} stderr`, text: run.stderr });
    return run;
  };

  it("apply whose writes are refused with every encoding of the secret echoed", async () => {
    const env = { TRIGGER_API_URL: server.url, TRIGGER_SECRET_KEY_PROD: KEY, SECRET_VALUE: SECRET };
    expect(record("plan", await runInProcess(["plan", "--out", "plan.json", "--format", "json"], { cwd, env })).code).toBe(0);
    const run = record("apply", await runInProcess(["apply", "--auto-approve", "--plan", "plan.json"], { cwd, env }));
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(REDACTED);
    const tty = record("apply tty", await runInProcess(["apply"], { cwd, env, isTTY: true, input: "yes\n" }));
    expect(tty.code).toBe(1);
  });

  it("a key looked up with the PAT, echoed by a 401, is never printed", async () => {
    const env = { TRIGGER_API_URL: server.url, TRIGGER_ACCESS_TOKEN: PAT, SECRET_VALUE: SECRET };
    const run = record("plan with PAT", await runInProcess(["plan"], { cwd, env }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("refused GET /api/v1/schedules");
    expect(run.stderr).toContain(REDACTED);
  });

  it("nothing printed or written carries a secret, in any encoding", () => {
    const files = readdirSync(cwd).filter((f) => f !== "trigger-iac.yaml");
    expect(files).toContain("plan.json");
    const all = [...outputs, ...files.map((f) => ({ what: `file ${f}`, text: readFileSync(join(cwd, f), "utf8") }))];
    expect(outputs.length).toBeGreaterThan(0);
    expect(leaks(all, [SECRET, PAT, FETCHED_KEY, KEY])).toEqual([]);
  });

  it("the client's errors (message, body, details, variableErrors) are scrubbed, PAT-fetched key included", async () => {
    const client = createTriggerClient({ baseUrl: server.url, projectRef: PROJECT, credentials: { accessToken: PAT }, retry: false, rateLimit: false });
    try {
      const failure = await client.environment("prod").schedules.list().then(() => undefined, (e: unknown) => e);
      expect(failure).toBeInstanceOf(HttpError);
      const error = failure as HttpError;
      expect(error.status).toBe(401);
      const texts = [error.message, JSON.stringify(error.body), JSON.stringify(error.details), JSON.stringify(error.variableErrors), String(error.error)];
      expect(leaks(texts.map((text, i) => ({ what: `error part ${i}`, text })), [PAT, FETCHED_KEY])).toEqual([]);
      const write = await client
        .environment("prod")
        .envVars.create({ name: "SECRET_VAR", value: SECRET, isSecret: true })
        .then(() => undefined, (e: unknown) => e as HttpError);
      expect(write).toBeInstanceOf(HttpError);
      expect(leaks([{ what: "write error", text: `${write!.message} ${JSON.stringify(write!.body)}` }], [SECRET, PAT])).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("Pulumi diagnostics: a refused create's error carries no secret", async () => {
    const saved = { ...process.env };
    process.env.TRIGGER_API_URL = server.url;
    process.env.TRIGGER_SECRET_KEY_PROD = KEY;
    delete process.env.TRIGGER_ACCESS_TOKEN;
    try {
      const inputs = { project: PROJECT, environment: "prod", name: "SECRET_VAR", value: SECRET, secret: true };
      const failure = await providerRuntime(1).run("envVar", "create", [inputs], "test").then(() => undefined, (e: unknown) => e as Error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure!.message).toContain(REDACTED);
      expect(leaks([{ what: "pulumi error", text: `${failure!.message} ${String(failure!.stack)}` }], [SECRET, KEY])).toEqual([]);
    } finally {
      process.env = saved;
    }
  });
});
