import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { planChanges } from "../src/engine/plan.js";
import { diffEnvVar } from "../src/engine/diff-envvar.js";
import { renderJson, renderText } from "../src/render/index.js";
import {
  desiredEnv,
  desiredState,
  envVars,
  liveEnv,
  livePlain,
  liveSecret,
  liveState,
  liveVars,
  plainVar,
  presenceVar,
  secretVar,
} from "./helpers/builders.js";

const SECRET = "sk_live_DO_NOT_LEAK_4242";
const OLD_SECRET = "sk_live_OLD_SECRET_1111";

describe("env var planning", () => {
  it("creates a missing variable with its value masked", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(plainVar("LOG_LEVEL", "warn")) })),
      liveState(liveEnv("prod", { envVars: {} })),
    );
    expect(plan.changes).toEqual([
      {
        address: "prod.envVars.LOG_LEVEL",
        kind: "envVar",
        environment: "prod",
        target: { kind: "envVar", name: "LOG_LEVEL" },
        action: "create",
        fields: [
          { path: "value", before: null, after: null, sensitive: false, masked: true },
          { path: "secret", before: null, after: false, sensitive: false },
        ],
      },
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 0, replace: 0, delete: 0 });
  });

  it("updates a changed plain value, masked by default and shown with showValues", () => {
    const desired = desiredState(desiredEnv("prod", { envVars: envVars(plainVar("LOG_LEVEL", "warn")) }));
    const live = liveState(liveEnv("prod", { envVars: liveVars(livePlain("LOG_LEVEL", "info")) }));
    const masked = planChanges(desired, live);
    expect(masked.changes[0].action).toBe("update");
    expect(masked.changes[0].fields).toEqual([{ path: "value", before: null, after: null, sensitive: false, masked: true }]);
    expect(JSON.stringify(masked)).not.toContain('"info"');
    const shown = planChanges(desired, live, { showValues: true });
    expect(shown.changes[0].fields).toEqual([{ path: "value", before: "info", after: "warn", sensitive: false }]);
  });

  it("is a noop when the value and flag match", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(plainVar("A", "1"), secretVar("S", SECRET)) })),
      liveState(liveEnv("prod", { envVars: liveVars(livePlain("A", "1"), liveSecret("S", SECRET)) })),
    );
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([
      ["prod.envVars.A", "noop"],
      ["prod.envVars.S", "noop"],
    ]);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
  });

  it("never puts a secret value in the plan, even with showValues", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(secretVar("STRIPE", SECRET), secretVar("NEW", SECRET)) })),
      liveState(liveEnv("prod", { envVars: liveVars(liveSecret("STRIPE", OLD_SECRET)) })),
      { showValues: true },
    );
    const stripe = plan.changes.find((c) => c.address === "prod.envVars.STRIPE");
    expect(stripe?.fields).toEqual([{ path: "value", before: null, after: null, sensitive: true, masked: true }]);
    const text = JSON.stringify(plan);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(OLD_SECRET);
  });

  it("masks a value that is plain on one side only, even with showValues", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(secretVar("TOKEN", SECRET)) })),
      liveState(liveEnv("prod", { envVars: liveVars(livePlain("TOKEN", "was-plain")) })),
      { showValues: true },
    );
    expect(plan.changes[0].fields).toEqual([
      { path: "value", before: null, after: null, sensitive: true, masked: true },
      { path: "secret", before: false, after: true, sensitive: false },
    ]);
    expect(JSON.stringify(plan)).not.toContain("was-plain");
    expect(JSON.stringify(plan)).not.toContain(SECRET);
  });

  it("does not invent drift for a secret whose value could not be read", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(secretVar("STRIPE", SECRET)) })),
      liveState(liveEnv("prod", { envVars: liveVars(liveSecret("STRIPE")) })),
    );
    expect(plan.changes[0].action).toBe("noop");
    expect(plan.changes[0].notes).toEqual([expect.objectContaining({ level: "info", code: "value-not-comparable" })]);
  });

  it("makes a lost secret flag its own update with a warning", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(plainVar("WEBHOOK", "https://hooks.example.com/x")) })),
      liveState(liveEnv("prod", { envVars: liveVars(liveSecret("WEBHOOK")) })),
      { showValues: true },
    );
    const change = plan.changes[0];
    expect(change.action).toBe("update");
    expect(change.fields).toEqual([{ path: "secret", before: true, after: false, sensitive: false }]);
    expect(change.notes?.map((n) => [n.level, n.code])).toEqual([
      ["info", "value-not-comparable"],
      ["warning", "secret-flag-lost"],
    ]);
  });

  it("checks only presence for exists: true", () => {
    const desired = desiredState(desiredEnv("prod", { envVars: envVars(presenceVar("STRIPE_API_KEY")) }));
    const present = planChanges(desired, liveState(liveEnv("prod", { envVars: liveVars(liveSecret("STRIPE_API_KEY", SECRET)) })));
    expect(present.changes.map((c) => c.action)).toEqual(["noop"]);
    expect(present.diagnostics).toEqual([]);
    const missing = planChanges(desired, liveState(liveEnv("prod", { envVars: {} })));
    expect(missing.changes).toEqual([]);
    expect(missing.diagnostics).toEqual([
      expect.objectContaining({ severity: "error", code: "env-var-missing", address: "prod.envVars.STRIPE_API_KEY" }),
    ]);
    expect(missing.diagnostics[0].message).toContain("must exist");
  });

  it("never prunes an exists-only variable", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { prune: { envVars: true }, envVars: envVars(presenceVar("KEEP")) })),
      liveState(liveEnv("prod", { envVars: liveVars(liveSecret("KEEP")) })),
    );
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([["prod.envVars.KEEP", "noop"]]);
  });

  it("lists undeclared variables as unmanaged without prune and deletes them with it", () => {
    const live = liveState(liveEnv("prod", { envVars: liveVars(livePlain("OLD", "x"), liveSecret("OLD_SECRET", SECRET)) }));
    const keep = planChanges(desiredState(desiredEnv("prod", { envVars: {} })), live);
    expect(keep.changes.map((c) => c.action)).toEqual(["unmanaged", "unmanaged"]);
    expect(keep.summary.delete).toBe(0);
    const prune = planChanges(desiredState(desiredEnv("prod", { prune: { envVars: true }, envVars: {} })), live, { showValues: true });
    expect(prune.changes.map((c) => [c.address, c.action])).toEqual([
      ["prod.envVars.OLD", "delete"],
      ["prod.envVars.OLD_SECRET", "delete"],
    ]);
    expect(prune.changes[0].fields[0]).toEqual({ path: "value", before: "x", after: null, sensitive: false });
    expect(prune.changes[1].fields[0]).toEqual({ path: "value", before: null, after: null, sensitive: true, masked: true });
    expect(JSON.stringify(prune)).not.toContain(SECRET);
    expect(prune.summary.delete).toBe(2);
  });

  it("does not read or change variables when the section is omitted", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { prune: { envVars: true } })),
      liveState(liveEnv("prod", { envVars: liveVars(livePlain("OLD", "x")) })),
    );
    expect(plan.changes).toEqual([]);
  });

  it("is reusable one variable at a time (Pulumi providers)", () => {
    expect(diffEnvVar("dev", "A", plainVar("A", "1"), undefined).change?.action).toBe("create");
    expect(diffEnvVar("dev", "A", undefined, livePlain("A", "1")).change?.action).toBe("unmanaged");
    expect(diffEnvVar("dev", "A", undefined, livePlain("A", "1"), { prune: true }).change?.action).toBe("delete");
    expect(diffEnvVar("dev", "A", undefined, undefined)).toEqual({ diagnostics: [] });
  });
});

// issue 12 item 2: a value written in the config is in git already and is shown; live values and values from
// fromEnv stay masked unless --show-values; secrets never.
const dir = mkdtempSync(join(tmpdir(), "trigger-iac-values-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROJECT = "proj_valuesxxxxxxxxxxxxx";
const LIVE_SECRET = "live-secret-NEVER-PRINTED-77";
const FROM_ENV = "from-env-value-hidden-31";
const LIVE_PLAIN = "live-plain-value-hidden-55";

async function desiredFrom(files: Record<string, string>, env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(dir, "p-"));
  mkdirSync(cwd, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  const result = await loadConfig({ cwd, env });
  expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
  return result.desired!;
}

const live = () =>
  liveState(
    liveEnv("prod", {
      envVars: liveVars(
        livePlain("LOG_LEVEL", LIVE_PLAIN),
        livePlain("REGION", LIVE_PLAIN),
        livePlain("BUILT", LIVE_PLAIN),
        liveSecret("TOKEN", LIVE_SECRET),
        livePlain("OLD", LIVE_PLAIN),
      ),
    }),
  );

const yaml = `version: 1
project: ${PROJECT}
environments:
  prod:
    prune: { envVars: true }
    envVars:
      LOG_LEVEL: debug
      REGION: { fromEnv: PROD_REGION }
      BUILT: { value: "eu-west-1" }
      FRESH: "new value"
      TOKEN: { fromEnv: PROD_TOKEN, secret: true }
`;

describe("values in a plan", () => {
  it("YAML: literal values shown, live and fromEnv values masked, secrets never, deletes masked", async () => {
    const desired = await desiredFrom({ "trigger-iac.yaml": yaml }, { PROD_REGION: FROM_ENV, PROD_TOKEN: "new-secret-NEVER-PRINTED-88" });
    const plan = planChanges(desired, live());
    const text = renderText(plan);
    expect(text).toContain('value: (live value hidden) -> "debug"');
    expect(text).toContain('value: (live value hidden) -> "eu-west-1"');
    expect(text).toContain('value: "new value"');
    expect(text).toMatch(/prod\.envVars\.REGION \(update\)\n\s+value: \(value changed\)/);
    expect(text).toMatch(/prod\.envVars\.TOKEN \(update\)\n\s+value: \(sensitive value changed\)/);
    expect(text).toMatch(/prod\.envVars\.OLD \(delete\)\n\s+value: \(value hidden\)/);
    const json = renderJson(plan);
    const field = (addr: string) => (JSON.parse(json).changes as { address: string; fields: unknown[] }[]).find((c) => c.address === addr)!.fields[0];
    expect(field("prod.envVars.LOG_LEVEL")).toEqual({ path: "value", before: null, after: "debug", sensitive: false, masked: "before" });
    expect(field("prod.envVars.FRESH")).toEqual({ path: "value", before: null, after: "new value", sensitive: false });
    expect(field("prod.envVars.REGION")).toEqual({ path: "value", before: null, after: null, sensitive: false, masked: true });
    for (const out of [text, json]) {
      for (const hidden of [LIVE_SECRET, FROM_ENV, LIVE_PLAIN, "new-secret-NEVER-PRINTED-88"]) expect(out).not.toContain(hidden);
    }
  });

  it("--show-values reveals live and fromEnv values of plain variables, never a secret", async () => {
    const desired = await desiredFrom({ "trigger-iac.yaml": yaml }, { PROD_REGION: FROM_ENV, PROD_TOKEN: "new-secret-NEVER-PRINTED-88" });
    const text = renderText(planChanges(desired, live(), { showValues: true }));
    expect(text).toContain(`value: ${JSON.stringify(LIVE_PLAIN)} -> "debug"`);
    expect(text).toContain(`value: ${JSON.stringify(LIVE_PLAIN)} -> ${JSON.stringify(FROM_ENV)}`);
    expect(text).not.toContain(LIVE_SECRET);
    expect(text).not.toContain("new-secret-NEVER-PRINTED-88");
  });

  it("TypeScript: a string literal is shown, a value built in code is masked", async () => {
    const ts = [
      "const region = ['from', 'code', 'value', '31'].join('-');",
      "export default {",
      `  version: 1, project: '${PROJECT}',`,
      "  environments: { prod: { envVars: {",
      "    LOG_LEVEL: 'debug',",
      "    REGION: region,",
      "    BUILT: `eu-${'west'}-1`,",
      "  } } },",
      "};",
    ].join("\n");
    const desired = await desiredFrom({ "trigger-iac.config.ts": ts });
    const text = renderText(planChanges(desired, live()));
    expect(text).toContain('value: (live value hidden) -> "debug"');
    expect(text).toMatch(/prod\.envVars\.REGION \(update\)\n\s+value: \(value changed\)/);
    expect(text).toMatch(/prod\.envVars\.BUILT \(update\)\n\s+value: \(value changed\)/);
    expect(text).not.toContain("from-code-value-31");
    expect(text).not.toContain("eu-west-1");
  });
});
