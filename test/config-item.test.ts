import { describe, expect, it } from "vitest";
import { validateConfigText, validateItem } from "../src/config/index.js";

const SCOPE = { project: "proj_abc", environment: "prod" } as const;

/** A desired state without its source positions (an item has no text to point into). */
const withoutSources = (value: unknown) => JSON.parse(JSON.stringify(value, (k, v) => (k === "source" || k === "projectSource" ? undefined : v)));

// One resource validated on its own (the Pulumi check) with the config file's rules, without a text round trip.
describe("validateItem", () => {
  it("gives the same desired state as the same item in a config file", () => {
    const item = validateItem(SCOPE, { kind: "schedule", key: "nightly.cleanup", schedule: { task: "cleanup", cron: "0 3 * * 1-5" } });
    const file = validateConfigText(
      "version: 1\nproject: proj_abc\nenvironments:\n  prod:\n    schedules:\n      nightly.cleanup: { task: cleanup, cron: '0 3 * * 1-5' }\n",
      "t.yaml",
    );
    expect(file.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(item.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(withoutSources(item.desired)).toEqual(withoutSources(file.desired));
    expect(item.desired?.environments[0].schedules?.["nightly.cleanup"]).toMatchObject({ timezone: "UTC", active: true, deduplicationKey: "iac:prod:nightly.cleanup" });
  });

  it("locates issues by structured path, also under a key with dots, with the file's wording", () => {
    const { desired, issues } = validateItem(SCOPE, { kind: "schedule", key: "a.b", schedule: { task: "t", cron: "61 * * * *", timezone: "Mars/Olympus" } });
    expect(desired).toBeUndefined();
    expect(issues.map((i) => [i.scope, i.path, i.code])).toEqual([
      ["item", ["cron"], "cron-invalid"],
      ["item", ["timezone"], "timezone-unknown"],
    ]);
    expect(issues[1].message).toMatch(/Mars\/Olympus/);
  });

  it("names the missing key of the item, and the document fields outside it", () => {
    const missing = validateItem({ project: "nope", environment: "prod" }, { kind: "schedule", key: "k", schedule: {} });
    expect(missing.issues.map((i) => [i.scope, i.path, i.code])).toEqual([
      ["document", ["project"], "invalid-value"],
      ["item", ["task"], "missing-key"],
      ["item", ["cron"], "missing-key"],
    ]);
    expect(missing.issues[2].message).toBe("missing required key 'cron' in environments.prod.schedules.k");
  });

  it("checks queues, env vars and deployments with the same rules", () => {
    const queue = validateItem(SCOPE, { kind: "queue", type: "task", name: "task/x", queue: { concurrencyLimit: -1 } });
    expect(queue.issues.map((i) => [i.scope, i.path, i.code])).toEqual([
      ["item", ["concurrencyLimit"], "out-of-range"],
      ["item", [], "queue-name"],
    ]);
    const deployment = validateItem(SCOPE, { kind: "deployment", deployment: { version: "20261120.1", gate: { minRuns: 1, maxFailureRate: 2 } } });
    expect(deployment.issues.map((i) => [i.scope, i.path, i.code])).toEqual([
      ["item", ["gate"], "missing-key"],
      ["item", ["gate", "maxFailureRate"], "out-of-range"],
    ]);
    const envVar = validateItem(SCOPE, { kind: "envVar", name: "URL", envVar: { value: "https://x", secret: true } });
    // Only the file's warning: a secret value written down belongs in fromEnv (Pulumi keeps it secret anyway).
    expect(envVar.issues.map((i) => [i.severity, i.path, i.code])).toEqual([["warning", ["value"], "secret-in-file"]]);
    expect(envVar.desired?.environments[0].envVars?.URL).toMatchObject({ value: "https://x", secret: true });
  });

  it("refuses a credential in any key or value, naming its prefix only", () => {
    const token = "tr_pat_0123456789abcdefghij";
    const { issues } = validateItem(SCOPE, { kind: "envVar", name: "TOKEN", envVar: { value: token } });
    expect(issues.map((i) => [i.scope, i.path, i.code])).toEqual([["item", ["value"], "credential-in-file"]]);
    expect(issues[0].message).toContain("tr_pat_…");
    expect(issues[0].message).not.toContain(token);
  });

  it("reports several credentials in the order they are written, as the file's scan does", () => {
    const pat = "tr_pat_0123456789abcdefghij";
    const key = "tr_dev_0123456789abcdefghij";
    const { issues } = validateItem(SCOPE, { kind: "schedule", key: "nightly", schedule: { task: pat, cron: "0 3 * * *", externalId: key } });
    const credentials = issues.filter((i) => i.code === "credential-in-file");
    expect(credentials.map((i) => [i.path, i.message.includes("tr_pat_…") ? "pat" : "dev"])).toEqual([
      [["task"], "pat"],
      [["externalId"], "dev"],
    ]);
    const file = validateConfigText(
      `version: 1\nproject: proj_abc\nenvironments:\n  prod:\n    schedules:\n      nightly: { task: ${pat}, cron: '0 3 * * *', externalId: ${key} }\n`,
      "t.yaml",
    );
    const inFile = file.issues.filter((i) => i.code === "credential-in-file").map((i) => (i.message.includes("tr_pat_…") ? "pat" : "dev"));
    expect(inFile).toEqual(["pat", "dev"]);
  });
});
