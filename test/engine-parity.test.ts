import { describe, expect, it } from "vitest";
import { parityMatrix } from "../src/engine/parity.js";
import { planChanges } from "../src/engine/plan.js";
import { renderMarkdown } from "../src/render/markdown.js";
import { sha256Hex } from "../src/engine/sha256.js";
import { renderParityJson, renderParityMarkdown, renderParityText } from "../src/render/parity.js";
import { markdownToHtml } from "../scripts/markdown-html.mjs";
import { liveEnv, livePlain, liveSecret, liveState, liveVars, liveQueue, liveManagedSchedule } from "./helpers/builders.js";

// issue 12 item 5: what differs between environments, as a matrix of states; secret values compared by digest
// in memory and never printed (nor their digests).
const SECRET_SAME = "whsec_parity_SAME_value_0001";
const SECRET_DEV = "sk_parity_DEV_value_0002";
const SECRET_PROD = "sk_parity_PROD_value_0003";

describe("parityMatrix (pure)", () => {
  const live = liveState(
    liveEnv("dev", {
      envVars: liveVars(livePlain("LOG_LEVEL", "debug"), livePlain("REGION", "eu"), liveSecret("HOOK", SECRET_SAME), liveSecret("KEY", SECRET_DEV), liveSecret("UNREAD")),
      queues: [liveQueue("task", "send-email")],
    }),
    liveEnv("staging", {
      envVars: liveVars(livePlain("LOG_LEVEL", "info"), livePlain("REGION", "eu"), liveSecret("HOOK", SECRET_SAME), livePlain("ONLY_STAGING", "x")),
    }),
    liveEnv("prod", {
      envVars: liveVars(livePlain("LOG_LEVEL", "debug"), livePlain("REGION", "eu"), liveSecret("HOOK", SECRET_SAME), liveSecret("KEY", SECRET_PROD)),
      queues: [liveQueue("task", "send-email")],
      schedules: [liveManagedSchedule("prod", "nightly", { id: "sched_1" })],
    }),
  );
  const matrix = parityMatrix(live);
  const row = (address: string) => matrix.rows.find((r) => r.address === address)!;

  it("has one row per setting and one cell per environment, with the states", () => {
    expect(matrix.environments).toEqual(["dev", "staging", "prod"]);
    expect(row("envVars.REGION")).toMatchObject({ differs: false, cells: { dev: { state: "same" }, staging: { state: "same" }, prod: { state: "same" } } });
    expect(row("envVars.LOG_LEVEL")).toMatchObject({
      differs: true,
      cells: { dev: { state: "differs", group: "A" }, staging: { state: "differs", group: "B" }, prod: { state: "differs", group: "A" } },
    });
    expect(row("envVars.ONLY_STAGING").cells).toEqual({ dev: { state: "missing" }, staging: { state: "present" }, prod: { state: "missing" } });
    expect(row("envVars.UNREAD").cells).toEqual({ dev: { state: "not-compared" }, staging: { state: "missing" }, prod: { state: "missing" } });
    expect(row("queues.tasks.send-email").cells).toEqual({ dev: { state: "same" }, staging: { state: "not-read" }, prod: { state: "same" } });
    expect(row("schedules.nightly").cells).toEqual({ dev: { state: "not-read" }, staging: { state: "not-read" }, prod: { state: "present" } });
  });

  it("compares secret values by digest: equal secrets are the same, different ones differ", () => {
    expect(row("envVars.HOOK")).toMatchObject({ differs: false, cells: { dev: { state: "same" }, staging: { state: "same" }, prod: { state: "same" } } });
    expect(row("envVars.KEY").cells).toEqual({ dev: { state: "differs", group: "A" }, staging: { state: "missing" }, prod: { state: "differs", group: "B" } });
  });

  it("prints no value and no digest in any format", () => {
    const outputs = [renderParityText(matrix), renderParityMarkdown(matrix), renderParityJson(matrix), JSON.stringify(matrix)];
    for (const out of outputs) {
      for (const value of [SECRET_SAME, SECRET_DEV, SECRET_PROD, "debug", "info"]) expect(out).not.toContain(value);
      expect(out).not.toMatch(/[0-9a-f]{64}/);
      expect(out).not.toContain(sha256Hex(SECRET_SAME).slice(0, 12));
    }
  });

  it("renders the differing rows as text and as a Markdown table (GitHub HTML), with group letters where 3 differ", () => {
    const text = renderParityText(matrix);
    expect(text).toMatch(/^envVars\.LOG_LEVEL\s+differs \(A\)\s+differs \(B\)\s+differs \(A\)$/m);
    expect(text).not.toMatch(/^envVars\.REGION/m);
    expect(text).toContain("6 of 8 settings differ between dev, staging, prod.");
    const html = markdownToHtml(renderParityMarkdown(matrix));
    expect(html).toContain("<th>Setting</th>");
    expect(html).toMatch(/<td>envVars\.KEY<\/td>\n<td style="text-align:center">🔀 differs<\/td>\n<td style="text-align:center">⛔ missing<\/td>/);
  });
});

describe("parity with one environment", () => {
  it("says it needs two, and the Markdown plan has no parity section", () => {
    const live = liveState(liveEnv("prod", { envVars: liveVars(livePlain("A", "1")) }));
    const matrix = parityMatrix(live);
    expect(renderParityText(matrix)).toContain("Parity needs two environments or more; the file selects prod.");
    const plan = planChanges({ project: live.project, environments: [{ name: "prod", prune: { envVars: false, schedules: false, queues: false }, envVars: {} }] }, live);
    expect(renderMarkdown(plan, { parity: matrix })).not.toContain("Parity");
  });
});
