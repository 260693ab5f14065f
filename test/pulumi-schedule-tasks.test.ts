import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureRegistrations } from "./helpers/pulumi-capture.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { up } from "./helpers/pulumi-steps.js";

// The Schedule provider checks the task like the CLI plan does (product.md): against the tasks of the version
// current in the environment, before anything is written. Through the real dynamic-provider host.

let f: HostFixture;
beforeAll(async () => {
  f = await startHostFixture((e) => ({ TRIGGER_SECRET_KEY_PROD: e.credentials.secretKeys.prod, TRIGGER_SECRET_KEY_PREVIEW: e.credentials.secretKeys.preview, TRIGGER_PREVIEW_BRANCH: "feature-x" }));
});
afterAll(async () => {
  await f?.dispose();
});

const schedule = (environment: "prod" | "preview", task: string) =>
  captureRegistrations(() => new f.pulumi.Schedule(`s-${environment}-${task}`, { project: f.projectRef, environment, key: "nightly", task, cron: "0 4 * * *" }));
const writes = () => f.emulator.requests.filter((r) => r.method !== "GET");

describe("Schedule: the task is checked before the create", () => {
  it("an unknown task is refused with a did-you-mean over the scheduled tasks, nothing written", async () => {
    const [reg] = await schedule("prod", "nightly-clenup");
    f.emulator.clearRequests();
    await expect(up(f.host, reg!)).rejects.toThrow(/Task nightly-clenup is not a task of version 20261101\.1 \(current in prod\)\. Did you mean 'nightly-cleanup'\?/);
    expect(writes()).toEqual([]);
  });

  it("a task that is not a scheduled task is refused", async () => {
    const [reg] = await schedule("prod", "send-email");
    await expect(up(f.host, reg!)).rejects.toThrow(/Task send-email is not a scheduled task in version 20261101\.1/);
  });

  it("a task change to a task the create would refuse stops at diff: the live schedule is not deleted", async () => {
    const declare = (task: string) =>
      captureRegistrations(() => new f.pulumi.Schedule("report", { project: f.projectRef, environment: "prod", key: "report", task, cron: "0 6 * * *" }));
    const [v1] = await declare("daily-report");
    const created = await up(f.host, v1!);
    const [v2] = await declare("send-email");
    f.emulator.clearRequests();
    await expect(up(f.host, v2!, created.state)).rejects.toThrow(/Task send-email is not a scheduled task in version 20261101\.1/);
    expect(writes()).toEqual([]);
    const live = f.emulator.admin.snapshot().projects[0]!.environments.prod!.schedules!.filter((s) => s.deduplicationKey === "iac:prod:report");
    expect(live).toEqual([expect.objectContaining({ id: created.state.id, task: "daily-report" })]);
  });

  it("an environment with no current deployment: refused, deploy first", async () => {
    const [reg] = await schedule("preview", "nightly-cleanup");
    f.emulator.clearRequests();
    await expect(up(f.host, reg!)).rejects.toThrow(/preview has no current deployment.*Deploy first/);
    expect(writes()).toEqual([]);
  });
});
