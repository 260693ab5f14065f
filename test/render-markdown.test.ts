import { describe, expect, it } from "vitest";
import { planChanges } from "../src/engine/plan.js";
import { parityMatrix } from "../src/engine/parity.js";
import { escapeMarkdown, MARKDOWN_MARKER, renderMarkdown } from "../src/render/markdown.js";
import type { PlanContext } from "../src/render/context.js";
import type { DesiredEnvVar } from "../src/model/index.js";
import { markdownToHtml } from "../scripts/markdown-html.mjs";
import {
  desiredEnv,
  desiredState,
  envVars,
  liveEnv,
  liveManagedSchedule,
  livePlain,
  liveState,
  liveVars,
  plainVar,
  samplePlanInputs,
  SAMPLE_SECRETS,
  schedules,
} from "./helpers/builders.js";

// The Markdown plan as GitHub shows it: assertions on the HTML markdown-it renders (GFM tables, raw <details>).
const { desired, live } = samplePlanInputs();
// staging's LOG_LEVEL as if written in the file (a literal): its new value is shown, the live one hidden.
Object.assign(desired.environments[0].envVars!.LOG_LEVEL, { literal: true });
const plan = planChanges(desired, live);
const context: PlanContext = {
  files: ["infra/trigger-iac.yaml"],
  commit: { sha: "4f2c9e1d8b7a6c5e4f3a2b1c0d9e8f7a6b5c4d3e", url: "https://github.com/acme/shop/commit/4f2c9e1d8b7a6c5e4f3a2b1c0d9e8f7a6b5c4d3e" },
  run: { url: "https://github.com/acme/shop/actions/runs/123", label: "plan run #7" },
};
const md = renderMarkdown(plan, { context, parity: parityMatrix(live) });
const html = markdownToHtml(md);

/** The text of an HTML fragment, tags dropped and entities decoded, whitespace collapsed. */
function text(fragment: string): string {
  return fragment
    .replace(/<br>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** The rows of every table in `fragment`, each as its cells' text. */
function rows(fragment: string): string[][] {
  return [...fragment.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => text(c[1])));
}

/** The HTML of the `<details>` section whose summary starts with `title`, nested sections included. */
function section(fragment: string, title: string): string {
  const at = fragment.indexOf(title);
  if (at === -1) throw new Error(`no section ${title}`);
  const start = fragment.lastIndexOf("<details", at);
  let depth = 0;
  const re = /<details|<\/details>/g;
  re.lastIndex = start;
  for (let m = re.exec(fragment); m; m = re.exec(fragment)) {
    depth += m[0] === "<details" ? 1 : -1;
    if (depth === 0) return fragment.slice(start, m.index + "</details>".length);
  }
  throw new Error(`no section ${title}`);
}

describe("renderMarkdown, as GitHub renders it", () => {
  it("starts with a sticky marker naming the project and config files (1 line, hidden), then the header", () => {
    expect(md.split("\n")[0]).toBe(`${MARKDOWN_MARKER} project=proj_test files=infra/trigger-iac.yaml -->`);
    expect(html.startsWith("<!-- trigger-iac-plan project=proj_test files=infra/trigger-iac.yaml -->")).toBe(true);
    expect(html).toContain("<h3>trigger-iac plan: proj_test</h3>");
    expect(html).toContain("<strong>infra/trigger-iac.yaml</strong>");
    expect(html).toContain('<a href="https://github.com/acme/shop/commit/4f2c9e1d8b7a6c5e4f3a2b1c0d9e8f7a6b5c4d3e">4f2c9e1</a>');
    expect(html).toContain('<a href="https://github.com/acme/shop/actions/runs/123">plan run #7</a>');
  });

  it("calls out every delete, replace and lost secret flag first, before the summary table", () => {
    // A GitHub CAUTION alert (scripts/markdown-html.mjs renders `> [!CAUTION]` as GitHub does).
    const start = html.indexOf('<blockquote class="alert alert-caution">');
    const callout = html.slice(start, html.indexOf("</blockquote>"));
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(html.indexOf("<table>"));
    expect(text(callout)).toContain("4 destructive changes: review them before merging.");
    const items = [...callout.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1]));
    expect(items).toEqual([
      "➖ delete staging.envVars.OLD_TOKEN",
      "🔓 staging.envVars.SLACK_WEBHOOK_URL loses its secret flag: its value becomes readable in the dashboard and the API.",
      "➖ delete staging.schedules.gone",
      "♻️ replace staging.schedules.weekly (deleted and created again: task changes)",
    ]);
  });

  it("has a summary table with one row per environment, unchanged and unmanaged counted", () => {
    const summary = rows(html.slice(html.indexOf("<table>"), html.indexOf("</table>")));
    expect(summary[0]).toEqual(["Environment", "➕ Create", "🔄 Update", "♻️ Replace", "➖ Delete", "Unchanged", "Unmanaged"]);
    expect(summary.slice(1)).toEqual([
      ["staging", "1", "6", "1", "2", "1", "2"],
      ["prod", "0", "1", "0", "0", "1", "0"],
    ]);
  });

  it("lists only changes, per environment and grouped by kind in tables; noops are only counted", () => {
    const staging = section(html, "<strong>staging</strong>");
    expect(text(staging.slice(0, staging.indexOf("</summary>")))).toBe("staging: 1 to create, 6 to update, 1 to replace, 2 to delete · 1 unchanged · 2 unmanaged");
    const headings = [...staging.matchAll(/<p><strong>([^<]+)<\/strong><\/p>\n<table>/g)].map((m) => m[1]);
    expect(headings).toEqual(["Environment variables", "Deployment", "Queues", "Schedules"]);
    const main = staging.slice(0, staging.indexOf("<details>", 10));
    const table = rows(main);
    expect(table).toContainEqual(["🔄 update", "LOG_LEVEL", "value: (live value hidden) → \"info\""]);
    expect(table).toContainEqual(["➕ create", "NEW_SECRET", "value: (sensitive value)\nsecret: true"]);
    expect(table).toContainEqual(["♻️ replace", "weekly", "task: \"report\" → \"report-v2\""]);
    expect(table).toContainEqual(["🔄 update", "deployment", "version: \"20261118.1\" → \"20261120.3\""]);
    const names = table.filter((r) => r[0] !== "Action").map((r) => r[1]);
    expect(names).not.toContain("UNREADABLE"); // a noop (with a note: listed in the collapsed list)
    expect(main).not.toContain("no change");
    const prod = section(html, "<strong>prod</strong>");
    expect(rows(prod)).toContainEqual(["🔄 update", "deployment", expect.stringContaining("version: \"20261120.3\" → \"20261101.1\"\n⚠️")]);
  });

  it("puts unmanaged objects, and unchanged ones with a note, in their own collapsed list per environment", () => {
    const staging = section(html, "<strong>staging</strong>");
    const aside = section(staging.slice(10), "unmanaged (listed only");
    expect(aside.startsWith("<details><summary>")).toBe(true); // collapsed
    expect(text(aside.slice(0, aside.indexOf("</summary>")))).toBe("2 unmanaged (listed only, never changed) · 1 unchanged with notes");
    const items = [...aside.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1]));
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(/^❔ unmanaged staging\.envVars\.EXTRA|^❔ unmanaged staging\./);
    expect(items.some((i) => i.startsWith("✔️ unchanged staging.envVars.UNREADABLE: The secret value of UNREADABLE could not be read"))).toBe(true);
  });

  it("ends with a collapsed parity matrix: a row per setting that differs, a column per environment", () => {
    const parity = section(html, "Parity across environments");
    expect(parity.startsWith("<details><summary>")).toBe(true);
    const table = rows(parity);
    expect(table[0]).toEqual(["Setting", "staging", "prod"]);
    expect(table).toContainEqual(["envVars.LOG_LEVEL", "🔀 differs", "🔀 differs"]);
    expect(table).toContainEqual(["envVars.OLD_TOKEN", "📍 only here", "⛔ missing"]);
    expect(table).toContainEqual(["schedules.gone", "📍 only here", "· not managed"]);
    expect(table).toContainEqual(["deployment", "🔀 differs", "🔀 differs"]);
  });

  it("never prints a secret value, in the Markdown or the HTML", () => {
    for (const secret of SAMPLE_SECRETS) {
      expect(md).not.toContain(secret);
      expect(html).not.toContain(secret);
    }
  });

  it("escapes Markdown and HTML in values and names: no tag, no broken table, no extra section", () => {
    const hostile = "</details><script>alert(1)</script> | *x* `y` [z](http://e) -> w\n# h";
    const d = desiredState(desiredEnv("dev", { envVars: envVars(plainVar("EVIL", hostile)) }));
    const l = liveState(liveEnv("dev", { envVars: liveVars(livePlain("EVIL", "old")) }));
    const out = renderMarkdown(planChanges(d, l, { showValues: true }));
    const rendered = markdownToHtml(out);
    expect(rendered).not.toContain("<script>");
    expect(rendered.match(/<\/details>/g)).toHaveLength(1);
    const row = rows(rendered).find((r) => r[1] === "EVIL")!;
    expect(row).toEqual(["🔄 update", "EVIL", 'value: "old" → "</details><script>alert(1)</script> | *x* `y` [z](http://e) -> w\\n# h"']);
    expect(escapeMarkdown("a\nb|c")).toBe("a b\\|c");
  });

  it("stays under 60,000 characters by trimming whole changes, and ends saying how many are left", () => {
    const vars: DesiredEnvVar[] = Array.from({ length: 2000 }, (_, i) => plainVar(`VARIABLE_NUMBER_${String(i).padStart(4, "0")}`, "v"));
    const big = planChanges(desiredState(desiredEnv("prod", { envVars: envVars(...vars) })), liveState(liveEnv("prod", { envVars: {} })));
    const out = renderMarkdown(big);
    expect(out.length).toBeLessThan(60_000);
    const table = rows(markdownToHtml(out)).filter((r) => r[0] === "➕ create");
    expect(table.length).toBeGreaterThan(100);
    for (const row of table) expect(row).toEqual(["➕ create", expect.stringMatching(/^VARIABLE_NUMBER_\d{4}$/), "value: (value hidden)\nsecret: false"]);
    const omitted = 2000 - table.length;
    expect(out.trimEnd().endsWith(`**${omitted} more changes: see the JSON plan**`)).toBe(true);
    expect(out.match(/<details/g)).toHaveLength(out.match(/<\/details>/g)!.length);
  });

  it("stays under the limit with huge names everywhere: callout, tables, unmanaged list and parity are all bounded", () => {
    const long = (i: number) => `VAR_${i}_${"X".repeat(4000)}`;
    const names = Array.from({ length: 40 }, (_, i) => long(i));
    const d = desiredState(
      desiredEnv("staging", { prune: { envVars: true }, envVars: {} }),
      desiredEnv("prod", { envVars: envVars(...names.slice(0, 20).map((n) => plainVar(n, "v"))) }),
    );
    const l = liveState(
      liveEnv("staging", { envVars: liveVars(...names.map((n) => livePlain(n, "old"))) }),
      liveEnv("prod", { envVars: liveVars(...names.map((n) => livePlain(n, "other"))) }),
    );
    const big = planChanges(d, l);
    const out = renderMarkdown(big, { parity: parityMatrix(l) });
    expect(out.length).toBeLessThan(60_000);
    const rendered = markdownToHtml(out);
    expect(rendered.match(/<details/g)?.length).toBe(rendered.match(/<\/details>/g)?.length);
    expect(out).toMatch(/> - and \d+ more: see the sections below and the JSON plan\.\n/);
    expect(out).toMatch(/\*\*\d+ more settings differ: run trigger-iac parity\*\*/);
    expect(out).toMatch(/\*\*\d+ more changes: see the JSON plan\*\*\n$/);
  });

  it("honours a smaller maxLength and keeps the summary", () => {
    const out = renderMarkdown(plan, { maxLength: 2500 });
    expect(out.length).toBeLessThan(2500);
    expect(out).toContain("| staging | 1 | 6 | 1 | 2 | 1 | 2 |");
    expect(out).toMatch(/\*\*\d+ more changes?: see the JSON plan\*\*\n$/);
  });

  it("lists an owned object kept only because prune is off with the changes, not among the unmanaged", () => {
    const d = desiredState(desiredEnv("prod", { prune: { schedules: false }, schedules: schedules() }));
    const l = liveState(liveEnv("prod", { schedules: [liveManagedSchedule("prod", "old", { id: "sched_old" })] }));
    const rendered = markdownToHtml(renderMarkdown(planChanges(d, l)));
    const prod = section(rendered, "<strong>prod</strong>");
    expect(text(prod.slice(0, prod.indexOf("</summary>")))).toBe("prod: no changes · 1 kept (prune off)");
    expect(rows(prod)).toContainEqual(["❔ kept", "old", expect.stringContaining("kept because prune.schedules is false")]);
    expect(prod).not.toContain("unmanaged (listed only");
  });

  it("renders an empty plan", () => {
    const d = desiredState(desiredEnv("dev", { envVars: envVars(plainVar("A", "1")) }));
    const out = renderMarkdown(planChanges(d, liveState(liveEnv("dev", { envVars: liveVars(livePlain("A", "1")) }))));
    expect(markdownToHtml(out)).toContain("<strong>No changes. Live state matches the configuration.</strong>");
    expect(out).toContain("| dev | 0 | 0 | 0 | 0 | 1 | 0 |");
    expect(out).not.toContain("<details");
    expect(out).not.toContain("[!CAUTION]");
    expect(out).not.toContain("more change");
  });
});
