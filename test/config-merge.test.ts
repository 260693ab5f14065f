import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatIssues, loadConfig } from "../src/config/index.js";

const dir = mkdtempSync(join(tmpdir(), "trigger-iac-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const p = join(dir, rel);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, text);
  return rel;
}

const head = "version: 1\nproject: proj_mergetestxxxxxxxxxx\n";

describe("multi-file merge", () => {
  it("merges files given with -f, environment by environment and section by section", async () => {
    write("a/base.yaml", `${head}environments:\n  prod:\n    prune: { envVars: true }\n    envVars:\n      A: one\n`);
    write("a/more.yaml", `${head}environments:\n  prod:\n    envVars:\n      B: two\n    queues:\n      tasks:\n        t1: { concurrencyLimit: 3 }\n  dev:\n    envVars:\n      A: dev\n`);
    const r = await loadConfig({ files: ["a/base.yaml", "a/more.yaml"], cwd: dir });
    expect(r.issues, formatIssues(r.issues)).toEqual([]);
    expect(r.desired?.environments.map((e) => e.name)).toEqual(["dev", "prod"]);
    const prod = r.desired?.environments[1];
    expect(Object.keys(prod?.envVars ?? {})).toEqual(["A", "B"]);
    expect(prod?.envVars?.B?.source).toEqual({ file: "a/more.yaml", line: 6, col: 7 });
    expect(prod?.prune.envVars).toBe(true);
    expect(prod?.queues).toEqual([{ type: "task", name: "t1", concurrencyLimit: 3, source: { file: "a/more.yaml", line: 9, col: 9 } }]);
  });

  it("reports the same item declared in two files at both places", async () => {
    write("b/one.yaml", `${head}environments:\n  prod:\n    envVars:\n      LOG_LEVEL: info\n`);
    write("b/two.yaml", `${head}environments:\n  prod:\n    envVars:\n      LOG_LEVEL: warn\n`);
    const r = await loadConfig({ files: ["b"], cwd: dir });
    expect(r.desired).toBeUndefined();
    const conflicts = r.issues.filter((i) => i.code === "merge-conflict");
    expect(conflicts.map((i) => `${i.file}:${i.line}:${i.col}`)).toEqual(["b/one.yaml:6:7", "b/two.yaml:6:7"]);
    expect(conflicts[0].message).toContain("environments.prod.envVars.LOG_LEVEL is also declared at b/two.yaml:6:7");
    expect(conflicts[1].message).toContain("is also declared at b/one.yaml:6:7");
  });

  it("reports conflicting projects, prune flags, deployments, schedules and queues", async () => {
    write("c/1.yaml", `${head}environments:\n  prod:\n    prune: { schedules: true }\n    deployment: { version: "1.0" }\n    schedules:\n      s: { task: t, cron: "0 3 * * *" }\n    queues:\n      custom:\n        q: { paused: true }\n`);
    write("c/2.yaml", `version: 1\nproject: proj_otherprojectxxxxxxxx\nenvironments:\n  prod:\n    prune: { schedules: false }\n    deployment: { version: "1.0" }\n    schedules:\n      s: { task: t, cron: "0 3 * * *" }\n    queues:\n      custom:\n        q: { paused: true }\n`);
    const r = await loadConfig({ files: ["c"], cwd: dir });
    const paths = [...new Set(r.issues.filter((i) => i.code === "merge-conflict").map((i) => i.path))].sort();
    expect(paths).toEqual([
      "environments.prod.deployment",
      "environments.prod.prune.schedules",
      "environments.prod.queues.custom.q",
      "environments.prod.schedules.s",
      "project",
    ]);
    expect(r.issues.filter((i) => i.code === "merge-conflict")).toHaveLength(10);
    // A schedule declared twice does not also count as a duplicate deduplicationKey.
    expect(r.issues.some((i) => i.code === "dedup-duplicate")).toBe(false);
  });

  it("checks dedup keys and queue maximums across files", async () => {
    write("d/1.yaml", `${head}environments:\n  prod:\n    maximumConcurrencyLimit: 10\n    schedules:\n      s: { task: t, cron: "0 3 * * *", deduplicationKey: "iac:x" }\n`);
    write("d/2.yaml", `${head}environments:\n  staging:\n    schedules:\n      s: { task: t, cron: "0 3 * * *", deduplicationKey: "iac:x" }\n  prod:\n    queues:\n      tasks:\n        big: { concurrencyLimit: 11 }\n`);
    const r = await loadConfig({ files: ["d"], cwd: dir });
    const at = (code: string) => r.issues.filter((i) => i.code === code).map((i) => `${i.file}:${i.line}:${i.col}`);
    expect(at("dedup-duplicate")).toEqual(["d/1.yaml:7:58", "d/2.yaml:6:58"]);
    expect(at("concurrency-above-max")).toEqual(["d/2.yaml:10:34"]);
  });

  it("loads every *.yaml and *.yml of a directory in name order, and nothing else", async () => {
    write("e/20-prod.yml", `${head}environments:\n  prod:\n    envVars: { B: b }\n`);
    write("e/10-dev.yaml", `${head}environments:\n  dev:\n    envVars: { A: a }\n`);
    write("e/notes.txt", "not: [valid yaml");
    const r = await loadConfig({ files: ["e"], cwd: dir });
    expect(r.issues).toEqual([]);
    expect(r.desired?.environments.map((e) => `${e.name}:${e.source?.file}`)).toEqual(["dev:e/10-dev.yaml", "prod:e/20-prod.yml"]);
  });

  it("reports an empty directory and a missing file", async () => {
    mkdirSync(join(dir, "empty"), { recursive: true });
    const r = await loadConfig({ files: ["empty", "nope.yaml"], cwd: dir });
    expect(r.issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.message}`)).toEqual([
      "empty:1:1: the directory has no *.yaml or *.yml file",
      "nope.yaml:1:1: file not found",
    ]);
  });
});
