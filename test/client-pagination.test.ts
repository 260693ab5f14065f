import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed } from "../src/emulator/types.js";
import type { TriggerClient } from "../src/client/index.js";
import { emulatorClient, hitsOf } from "./helpers/client-emulator-helpers.js";
import { sendJson, startTestServer, type TestServer } from "./helpers/client-test-server.js";
import { createTriggerClient } from "../src/client/index.js";

const PROD_KEY = "tr_prod_pagesKey0000000000000001";
const STAGING_KEY = "tr_stg_pagesKey00000000000000001";

/** A prod environment with 250 schedules and 250 queues (1 task queue + 249 custom ones). */
function bigSeed(): EmulatorSeed {
  return {
    personalAccessTokens: [{ token: "tr_pat_pages000000000000000000000000000000" }],
    projects: [
      {
        ref: "proj_pagespagespagespages",
        environments: {
          prod: {
            apiKey: PROD_KEY,
            deployments: [
              {
                version: "20261120.1",
                tasks: [{ id: "tick", scheduled: true }],
                queues: Array.from({ length: 249 }, (_, i) => ({ name: `queue-${String(i).padStart(3, "0")}`, concurrencyLimit: 1 })),
              },
            ],
            current: "20261120.1",
            schedules: Array.from({ length: 250 }, (_, i) => ({ task: "tick", cron: `${i % 60} * * * *`, deduplicationKey: `key-${i}` })),
          },
          // Never deployed: no current worker.
          staging: { apiKey: STAGING_KEY },
        },
      },
    ],
  };
}

let emulator: Emulator | undefined;
let client: TriggerClient | undefined;
let server: TestServer | undefined;

afterEach(async () => {
  await client?.close();
  await emulator?.close();
  await server?.close();
  client = emulator = server = undefined;
});

describe("list() reads every page: page 1, then the rest together", () => {
  it("schedules: 250 items in 3 pages of 100", async () => {
    emulator = await startEmulator({ seed: bigSeed(), rateLimit: false });
    client = emulatorClient(emulator);
    const all = await client.environment("prod").schedules.list();
    expect(all).toHaveLength(250);
    expect(new Set(all.map((s) => s.deduplicationKey)).size).toBe(250);
    const hits = hitsOf(emulator, "GET", "/api/v1/schedules");
    expect(hits).toHaveLength(3);
    expect(hits[0]!.query).toEqual({ page: "1", perPage: "100" });
    expect(hits.slice(1).map((h) => h.query.page).sort()).toEqual(["2", "3"]);
  });

  it("queues: 250 items in 3 pages of 100", async () => {
    emulator = await startEmulator({ seed: bigSeed(), rateLimit: false });
    client = emulatorClient(emulator);
    const all = await client.environment("prod").queues.list();
    expect(all).toHaveLength(250);
    expect(all.filter((q) => q.type === "custom")).toHaveLength(249);
    const hits = hitsOf(emulator, "GET", "/api/v1/queues");
    expect(hits).toHaveLength(3);
    expect(hits[0]!.query).toEqual({ page: "1", perPage: "100" });
    expect(hits.slice(1).map((h) => h.query.page).sort()).toEqual(["2", "3"]);
  });

  it("an environment with nothing deployed lists no schedules, in one request", async () => {
    emulator = await startEmulator({ rateLimit: false });
    client = emulatorClient(emulator, { previewBranch: "feature-x" });
    expect(await client.environment("preview").schedules.list()).toEqual([]);
    expect(hitsOf(emulator, "GET", "/api/v1/schedules")).toHaveLength(1);
  });

  it("pages 2 and 3 are in flight at the same time", async () => {
    // The server holds page 2 until page 3 has arrived: a client reading pages one by one would hang here.
    const held: (() => void)[] = [];
    server = await startTestServer((hit, res) => {
      const page = Number(new URL(hit.url, "http://x").searchParams.get("page"));
      const answer = () =>
        sendJson(res, 200, {
          // Complete schedule objects: the client checks every item before using it.
          data: Array.from({ length: page === 3 ? 50 : 100 }, (_, i) => ({
            id: `sched_${page}_${i}`,
            type: "IMPERATIVE",
            task: "t",
            active: true,
            generator: { type: "CRON", expression: "0 * * * *", description: "" },
            timezone: "UTC",
            environments: [],
          })),
          pagination: { currentPage: page, totalPages: 3, count: 250 },
        });
      if (page === 1) return answer();
      held.push(answer);
      if (held.length === 2) for (const release of held) release();
    });
    client = createTriggerClient({ baseUrl: server.url, projectRef: "proj_x", credentials: { secretKeys: { prod: PROD_KEY } }, rateLimit: false, timeoutMs: 5000 });
    const all = await client.environment("prod").schedules.list();
    expect(all).toHaveLength(250);
    expect(all[0]!.id).toBe("sched_1_0");
    expect(all[249]!.id).toBe("sched_3_49");
    expect(server.hits).toHaveLength(3);
  });
});
