import { describe, expect, it } from "vitest";
import { contract, coversDeclaredRows, expectSchema, UNKNOWN_KEY, useConformanceEmulator } from "./helpers/openapi-conformance.js";
import type { Obj } from "./helpers/openapi-conformance.js";

// OpenAPI conformance of the queue endpoints; the deviations are listed in helpers/openapi-conformance.ts.

const oa = useConformanceEmulator();
const { call, conform, conformError, conformErrorRows, validate } = oa;
const { queueIn } = oa;

describe("queues", () => {
  const LIST = "/api/v1/queues";
  const ONE = "/api/v1/queues/{queueParam}";
  const PAUSE = "/api/v1/queues/{queueParam}/pause";
  const OVERRIDE = "/api/v1/queues/{queueParam}/concurrency/override";
  const RESET = "/api/v1/queues/{queueParam}/concurrency/reset";
  const INVALID_KEY = /api key/i;

  async function queueId(name: string): Promise<string> {
    const res = await call("GET", `/api/v1/queues/${name}?type=task`);
    expect(res.status).toBe(200);
    return String((res.body as Obj).id);
  }

  it("GET /api/v1/queues → 200 ListQueuesResult", async () => {
    const res = await call("GET", "/api/v1/queues");
    expectSchema(conform("get", LIST, 200, res));
    const body = res.body as { data: Obj[]; pagination: Obj };
    // ordered by orderableName (§4.4): task ids and custom names alike
    expect(body.data.map((q) => q.name)).toEqual(["declared-cron", "nightly-report", "resize-image", "send-email", "shared-queue"]);
    expect(body.data.find((q) => q.name === "send-email")).toMatchObject({
      type: "task",
      paused: false,
      concurrencyLimit: 10,
      concurrency: { current: 10, base: null, override: null, overriddenAt: null, overriddenBy: null },
    });
    expect(body.pagination).toEqual({ currentPage: 1, totalPages: 1, count: 5 });
  });

  it("GET /api/v1/queues → 400 is a server status the contract omits (§4.4)", async () => {
    const res = await call("GET", "/api/v1/queues?perPage=-1");
    expect(res.status).toBe(400);
    expect((res.body as Obj).error).toBe("Query Error");
    contract.validateComponent("ErrorWithDetailsResponse", res.body);
    expect(() => validate("get", LIST, 400, res.contentType, res.body)).toThrow(/not documented/);
  });

  it("GET /api/v1/queues/{queueParam} → 200 QueueObject (by id, task and custom name)", async () => {
    const byTask = await call("GET", "/api/v1/queues/send-email?type=task");
    expectSchema(conform("get", ONE, 200, byTask));
    const id = String((byTask.body as Obj).id);
    expect(id).toMatch(/^queue_/);
    const byId = await call("GET", `/api/v1/queues/${id}`);
    expectSchema(conform("get", ONE, 200, byId));
    expect((byId.body as Obj).name).toBe("send-email");
    const custom = await call("GET", "/api/v1/queues/shared-queue?type=custom");
    expectSchema(conform("get", ONE, 200, custom));
    expect(custom.body).toMatchObject({ type: "custom", concurrencyLimit: 5 });
  });

  it("GET /api/v1/queues/{queueParam} → 404 (default type is id, §4.2)", async () => {
    conformError("get", ONE, 404, await call("GET", "/api/v1/queues/send-email"), "queue-not-found");
  });

  it("POST /api/v1/queues/{queueParam}/pause → 200 QueueObject (pause and resume)", async () => {
    const paused = await call("POST", "/api/v1/queues/resize-image/pause", { body: { type: "task", action: "pause" } });
    expectSchema(conform("post", PAUSE, 200, paused));
    expect((paused.body as Obj).paused).toBe(true);
    expect(queueIn("prod", "resize-image")?.paused).toBe(true);
    const resumed = await call("POST", `/api/v1/queues/${await queueId("resize-image")}/pause`, { body: { action: "resume" } });
    expectSchema(conform("post", PAUSE, 200, resumed));
    expect((resumed.body as Obj).paused).toBe(false);
    expect(queueIn("prod", "resize-image")?.paused ?? false).toBe(false);
  });

  it("POST /api/v1/queues/{queueParam}/pause → 400 (missing action, §4.6)", async () => {
    const res = await call("POST", "/api/v1/queues/resize-image/pause", { body: { type: "task" } });
    conformError("post", PAUSE, 400, res, 'Validation error: Required at "action"');
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/override → 200 QueueObject", async () => {
    const res = await call("POST", "/api/v1/queues/send-email/concurrency/override", { body: { type: "task", concurrencyLimit: 3 } });
    expectSchema(conform("post", OVERRIDE, 200, res));
    const body = res.body as { concurrencyLimit: number; concurrency: Obj };
    expect(body.concurrencyLimit).toBe(3);
    expect(body.concurrency).toMatchObject({ current: 3, base: 10, override: 3, overriddenBy: null });
    expect(typeof body.concurrency.overriddenAt).toBe("string");
    expect(queueIn("prod", "send-email")?.override).toBe(3);
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/override → 400 (above the environment maximum, §4.7)", async () => {
    const res = await call("POST", "/api/v1/queues/send-email/concurrency/override", { body: { type: "task", concurrencyLimit: 50 } });
    conformError("post", OVERRIDE, 400, res, "Concurrency limit (50) cannot exceed the environment limit (25)");
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/override → 404 (its own message, §0.10)", async () => {
    const res = await call("POST", "/api/v1/queues/no-such-task/concurrency/override", { body: { type: "task", concurrencyLimit: 3 } });
    conformError("post", OVERRIDE, 404, res, "Queue not found");
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/reset → 200 QueueObject", async () => {
    await call("POST", "/api/v1/queues/shared-queue/concurrency/override", { body: { type: "custom", concurrencyLimit: 2 } });
    const res = await call("POST", "/api/v1/queues/shared-queue/concurrency/reset", { body: { type: "custom" } });
    expectSchema(conform("post", RESET, 200, res));
    expect(res.body).toMatchObject({ concurrencyLimit: 5, concurrency: { current: 5, base: null, override: null, overriddenAt: null } });
    expect(queueIn("prod", "shared-queue")?.override).toBeUndefined();
  });

  it("POST /api/v1/queues/{queueParam}/concurrency/reset → 400 (not overridden, §4.8)", async () => {
    const res = await call("POST", "/api/v1/queues/resize-image/concurrency/reset", { body: { type: "task" } });
    conformError("post", RESET, 400, res, "Queue is not overridden");
  });

  conformErrorRows(
    401,
    INVALID_KEY,
    [
      ["GET", LIST, "/api/v1/queues"],
      ["GET", ONE, "/api/v1/queues/send-email?type=task"],
      ["POST", PAUSE, "/api/v1/queues/resize-image/pause", { type: "task", action: "pause" }],
      ["POST", OVERRIDE, "/api/v1/queues/send-email/concurrency/override", { type: "task", concurrencyLimit: 3 }],
      ["POST", RESET, "/api/v1/queues/resize-image/concurrency/reset", { type: "task" }],
    ],
    UNKNOWN_KEY,
  );

  conformErrorRows(404, "queue-not-found", [["POST", PAUSE, "/api/v1/queues/no-such-task/pause", { type: "task", action: "pause" }]]);
  conformErrorRows(404, "Queue not found", [["POST", RESET, "/api/v1/queues/no-such-task/concurrency/reset", { type: "task" }]]);
});

coversDeclaredRows("queues", oa);
