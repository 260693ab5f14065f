import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";

// examples/pulumi is self-contained (issue 12 item 15): copied alone out of the repository, every file it names is
// in the copy, and the config file its Project reads loads there. (CI's pulumi.yml runs `pulumi up` on such a copy.)
const ROOT = resolve(__dirname, "..");
const copy = join(mkdtempSync(join(tmpdir(), "trigger-iac-example-")), "pulumi");
cpSync(join(ROOT, "examples", "pulumi"), copy, { recursive: true });
afterAll(() => rmSync(resolve(copy, ".."), { recursive: true, force: true }));

describe("examples/pulumi, copied alone", () => {
  it("refers to nothing outside its folder", () => {
    for (const name of readdirSync(copy)) {
      const text = readFileSync(join(copy, name), "utf8");
      expect({ name, outside: text.match(/\.\.\/[\w.-]+/g) ?? [] }).toEqual({ name, outside: [] });
    }
    expect(readFileSync(join(copy, "README.md"), "utf8")).toContain("--seed demo");
  });

  it("the file its Project reads exists in the copy and loads with the documented fromEnv value", async () => {
    const index = readFileSync(join(copy, "index.ts"), "utf8");
    const file = /new triggerdev\.Project\("app", \{ file: "([^"]+)"/.exec(index)?.[1];
    expect(file).toBe("trigger-iac.yaml");
    expect(existsSync(join(copy, file!))).toBe(true);
    const readme = readFileSync(join(copy, "README.md"), "utf8");
    const value = /DEMO_STAGING_SLACK_WEBHOOK_URL=(\S+)/.exec(readme)?.[1];
    expect(value).toBeDefined();
    const { desired, issues } = await loadConfig({ files: [file!], cwd: copy, env: { DEMO_STAGING_SLACK_WEBHOOK_URL: value } });
    expect(issues).toEqual([]);
    expect(desired?.project).toBe(/default: (proj_\w+)/.exec(readFileSync(join(copy, "Pulumi.yaml"), "utf8"))?.[1]);
    expect(desired?.environments.map((e) => e.name)).toEqual(["staging"]);
  });
});
