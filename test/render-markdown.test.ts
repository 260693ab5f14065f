import { describe, expect, it } from "vitest";
import { planChanges } from "../src/engine/plan.js";
import { escapeMarkdown, MARKDOWN_MARKER, renderMarkdown } from "../src/render/markdown.js";
import type { DesiredEnvVar } from "../src/model/index.js";
import { desiredEnv, desiredState, envVars, liveEnv, livePlain, liveState, liveVars, plainVar, samplePlanInputs } from "./helpers/builders.js";

describe("renderMarkdown", () => {
  const { desired, live } = samplePlanInputs();
  const plan = planChanges(desired, live);
  const md = renderMarkdown(plan);

  it("starts with the hidden marker, then the summary and one table row per environment", () => {
    expect(md.split("\n")[0]).toBe(MARKDOWN_MARKER);
    expect(md).toContain("**Plan: 1 to create, 7 to update, 1 to replace, 2 to delete. The plan has 1 error(s) (see Diagnostics): apply refuses this plan until they are fixed.**");
    expect(md).toContain("| Environment | Create | Update | Replace | Delete | Unmanaged |");
    expect(md).toContain("| staging | 1 | 6 | 1 | 2 | 2 |");
    expect(md).toContain("| prod | 0 | 1 | 0 | 0 | 0 |");
    expect(md.indexOf("| staging |")).toBeLessThan(md.indexOf("<details>"));
  });

  it("can carry the project in the marker", () => {
    expect(renderMarkdown(plan, { markerWithProject: true }).split("\n")[0]).toBe("<!-- trigger-iac-plan project=proj_test -->");
  });

  it("has one collapsible section per environment with its changes", () => {
    expect(md.match(/<details>/g)).toHaveLength(2);
    expect(md.match(/<\/details>/g)).toHaveLength(2);
    expect(md).toContain("<details><summary><strong>staging</strong>: 1 to create, 6 to update, 1 to replace, 2 to delete ⚠️</summary>");
    expect(md).toContain("- ➕ **create** staging.envVars.NEW\\_SECRET\n  - value: \\(sensitive value\\)");
    expect(md).toContain("- ♻️ **replace** staging.schedules.weekly\n  - task: \"report\" -&gt; \"report-v2\"");
    expect(md).toContain("- ➖ **delete** staging.schedules.gone");
    expect(md).toContain("- ❔ **unmanaged** staging.schedules.sched\\_decl");
    expect(md).toContain("⚠️ Rollback: 20261101.1 is older than the current 20261120.3.");
    expect(md).toContain("❌ **error** staging.queues.tasks.send-emial (queue-not-found)");
  });

  it("flags a lost secret flag prominently, above the sections and on the change", () => {
    const callout = md.indexOf("> ⚠️ **staging.envVars.SLACK\\_WEBHOOK\\_URL loses its secret flag**");
    expect(callout).toBeGreaterThan(0);
    expect(callout).toBeLessThan(md.indexOf("<details>"));
    expect(md).toContain("- 🔄 **update** staging.envVars.SLACK\\_WEBHOOK\\_URL ⚠️ **loses its secret flag**");
  });

  it("escapes Markdown and HTML in values and names", () => {
    const hostile = "</details><script>alert(1)</script> | *x* `y` [z](http://e)\n# h";
    const d = desiredState(desiredEnv("dev", { envVars: envVars(plainVar("EVIL", hostile)) }));
    const l = liveState(liveEnv("dev", { envVars: liveVars(livePlain("EVIL", "old")) }));
    const out = renderMarkdown(planChanges(d, l, { showValues: true }));
    expect(out).not.toContain("<script>");
    expect(out.match(/<\/details>/g)).toHaveLength(1);
    expect(out).toContain("&lt;/details&gt;&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\*x\\* \\`y\\` \\[z\\]\\(http://e\\)\\\\n\\# h");
    expect(escapeMarkdown("a\nb|c")).toBe("a b\\|c");
  });

  it("stays under 60,000 characters by trimming whole changes and says how many are left", () => {
    const vars: DesiredEnvVar[] = Array.from({ length: 2000 }, (_, i) => plainVar(`VARIABLE_NUMBER_${String(i).padStart(4, "0")}`, "v"));
    const big = planChanges(desiredState(desiredEnv("prod", { envVars: envVars(...vars) })), liveState(liveEnv("prod", { envVars: {} })));
    const out = renderMarkdown(big);
    expect(out.length).toBeLessThan(60_000);
    const shown = out.match(/^- ➕ \*\*create\*\* prod\.envVars\.VARIABLE\\_NUMBER\\_\d{4}\n {2}- value: \\\(value hidden\\\)\n {2}- secret: false$/gm) ?? [];
    const anyShown = out.match(/^- ➕ /gm) ?? [];
    expect(shown.length).toBeGreaterThan(100);
    expect(shown.length).toBe(anyShown.length); // every listed change is complete
    const omitted = 2000 - shown.length;
    expect(out.trimEnd().endsWith(`**${omitted} more changes: see the JSON plan**`)).toBe(true);
    expect(out.match(/<details>/g)).toHaveLength(1);
    expect(out.match(/<\/details>/g)).toHaveLength(1);
    expect(out.indexOf("</details>")).toBeLessThan(out.indexOf("more changes"));
  });

  it("honours a smaller maxLength and keeps the summary", () => {
    const out = renderMarkdown(plan, { maxLength: 1500 });
    expect(out.length).toBeLessThan(1500);
    expect(out).toContain("| staging | 1 | 6 | 1 | 2 | 2 |");
    expect(out).toMatch(/\*\*\d+ more changes?: see the JSON plan\*\*\n$/);
  });

  it("renders an empty plan", () => {
    const d = desiredState(desiredEnv("dev", { envVars: envVars(plainVar("A", "1")) }));
    const out = renderMarkdown(planChanges(d, liveState(liveEnv("dev", { envVars: liveVars(livePlain("A", "1")) }))));
    expect(out).toContain("**No changes. Live state matches the configuration.**");
    expect(out).toContain("| dev | 0 | 0 | 0 | 0 | 0 |");
    expect(out).not.toContain("<details>");
    expect(out).not.toContain("more change");
  });
});
