import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SEED } from "../src/testing.js";
import type { EmulatorSeed } from "../src/testing.js";
import { captureRegistrations } from "./helpers/pulumi-capture.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { up } from "./helpers/pulumi-steps.js";

// product.md, Credentials: the Pulumi providers prove, like the CLI, that the key belongs to the resource's
// project before their first write. Through the real dynamic-provider host (shared/reference/pulumi-dynamic.md).

const FOREIGN = "proj_pulumiforeignxxxxxxxx";
const FOREIGN_PROD_KEY = "tr_prod_pulumiForeignProdKey001";

function seedWithForeignProject(): EmulatorSeed {
  const seed = structuredClone(DEFAULT_SEED) as EmulatorSeed;
  const prod = structuredClone(seed.projects[0]!.environments.prod!);
  prod.apiKey = FOREIGN_PROD_KEY;
  prod.schedules = [{ task: "nightly-cleanup", cron: "0 1 * * *", deduplicationKey: "iac:prod:cleanup" }];
  seed.projects.push({ ref: FOREIGN, environments: { prod } });
  return seed;
}

let f: HostFixture;
beforeAll(async () => {
  // The host's TRIGGER_SECRET_KEY_PROD is the other project's (correctly prefixed) key.
  f = await startHostFixture(() => ({ TRIGGER_SECRET_KEY_PROD: FOREIGN_PROD_KEY }), seedWithForeignProject());
});
afterAll(async () => {
  await f?.dispose();
});

const foreignState = () => JSON.stringify(f.emulator.admin.snapshot().projects.find((p) => p.ref === FOREIGN));
const writes = () => f.emulator.requests.filter((r) => r.method !== "GET");
const refusal = /TRIGGER_SECRET_KEY_PROD belongs to another project: the configuration names project proj_demoemulatorxxxxxxxxxx \(prod\).*Invalid project ref for this API key.*Nothing was written/;

describe("a foreign key never writes through the Pulumi providers", () => {
  it("Schedule, QueueSetting and DeploymentPromotion create: refused with the variable named, zero writes", async () => {
    const before = foreignState();
    const registrations = await captureRegistrations(() => {
      new f.pulumi.Schedule("cleanup", { project: f.projectRef, environment: "prod", key: "cleanup", task: "nightly-cleanup", cron: "0 4 * * *" });
      new f.pulumi.QueueSetting("email", { project: f.projectRef, environment: "prod", queue: { task: "send-email" }, concurrencyLimit: 20 });
      new f.pulumi.DeploymentPromotion("prod", { project: f.projectRef, environment: "prod", version: "20261120.1" });
    });
    expect(registrations).toHaveLength(3);
    f.emulator.clearRequests();
    for (const reg of registrations) {
      await expect(up(f.host, reg), reg.name).rejects.toThrow(refusal);
    }
    expect(writes()).toEqual([]);
    expect(foreignState()).toBe(before);
  });

  it("destroy of a schedule whose id the key can reach: refused before the DELETE", async () => {
    const foreignSchedule = f.emulator.admin.snapshot().projects.find((p) => p.ref === FOREIGN)!.environments.prod!.schedules![0]!;
    // The serialized provider code, as the state of a created Schedule holds it.
    const [reg] = await captureRegistrations(
      () => new f.pulumi.Schedule("cleanup", { project: f.projectRef, environment: "prod", key: "cleanup", task: "nightly-cleanup", cron: "0 1 * * *" }),
    );
    const before = foreignState();
    f.emulator.clearRequests();
    const outputs = {
      __provider: reg!.object.__provider,
      project: f.projectRef,
      environment: "prod",
      key: "cleanup",
      task: "nightly-cleanup",
      cron: "0 1 * * *",
      timezone: "UTC",
      active: true,
      deduplicationKey: "iac:prod:cleanup",
      scheduleId: foreignSchedule.id,
      providerVersion: f.pulumi.PROVIDER_VERSION,
    };
    const urn = "urn:pulumi:dev::trigger-iac-test::pulumi-nodejs:dynamic/triggerdev:Schedule::cleanup";
    await expect(f.host.delete(urn, foreignSchedule.id!, outputs, outputs)).rejects.toThrow(refusal);
    expect(writes()).toEqual([]);
    expect(foreignState()).toBe(before);
    // The one request made was the proof: the env var list of the resource's project.
    expect(f.emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET /api/v1/projects/${f.projectRef}/envvars/prod 400`]);
  });
});
