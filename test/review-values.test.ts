import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { planChanges } from "../src/engine/plan.js";
import { renderJson, renderText } from "../src/render/index.js";
import { liveEnv, livePlain, liveSecret, liveState, liveVars } from "./helpers/builders.js";

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
