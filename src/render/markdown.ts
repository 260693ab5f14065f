import type { EnvironmentName } from "../model/environments.js";
import type { Change, Plan } from "../model/plan.js";
import { isActionable } from "../engine/order.js";
import { formatField, formatSource, isListed, losesSecretFlag, planSummaryLine } from "./format.js";

/** The first line of every Markdown plan: lets a workflow find and update its own sticky comment. */
export const MARKDOWN_MARKER = "<!-- trigger-iac-plan -->";

/** Options of {@link renderMarkdown}. */
export interface MarkdownRenderOptions {
  /** Put the project in the marker (`<!-- trigger-iac-plan project=… -->`), for repositories with several. @default false */
  markerWithProject?: boolean;
  /** Upper bound of the output length; GitHub refuses comments over 65,536 characters. @default 60000 */
  maxLength?: number;
}

const ACTION_ICON = { create: "➕", update: "🔄", replace: "♻️", delete: "➖", noop: "ℹ️", unmanaged: "❔" } as const;

/**
 * Renders a plan for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the marker line, the summary, a table
 * with one row per environment, prominent warnings for variables losing their secret flag, diagnostics, then
 * one collapsible section per environment. Over `maxLength` whole changes are left out (never part of one)
 * and the output ends with "N more changes: see the JSON plan". Every value is escaped.
 */
export function renderMarkdown(plan: Plan, options: MarkdownRenderOptions = {}): string {
  const maxLength = options.maxLength ?? 60_000;
  const marker = options.markerWithProject ? `<!-- trigger-iac-plan project=${plan.project.replace(/[^\w.-]/g, "")} -->` : MARKDOWN_MARKER;
  const head: string[] = [marker, `### trigger-iac plan: ${escapeMarkdown(plan.project)}`, "", `**${planSummaryLine(plan)}**`, ""];
  head.push("| Environment | Create | Update | Replace | Delete | Unmanaged |", "| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const env of plan.environments) {
    const mine = plan.changes.filter((c) => c.environment === env);
    const count = (action: Change["action"]) => mine.filter((c) => c.action === action).length;
    head.push(`| ${env} | ${count("create")} | ${count("update")} | ${count("replace")} | ${count("delete")} | ${count("unmanaged")} |`);
  }
  head.push("");
  const lost = plan.changes.filter(losesSecretFlag);
  if (lost.length > 0) {
    head.push("> [!WARNING]");
    for (const change of lost.slice(0, 20)) {
      head.push(`> ⚠️ **${escapeMarkdown(change.address)} loses its secret flag**: its value becomes readable in the dashboard and the API.  `);
    }
    if (lost.length > 20) head.push(`> ⚠️ and ${lost.length - 20} more: see the JSON plan.`);
    head.push("");
  }

  let out = head.join("\n") + "\n";
  const diagnostics = plan.diagnostics.map((d) => {
    const where = formatSource(d.source);
    const label = d.severity === "error" ? "❌ **error**" : "⚠️ **warning**";
    return `- ${label} ${escapeMarkdown(d.address)} (${escapeMarkdown(d.code)}): ${escapeMarkdown(d.message)}${where ? ` at ${escapeMarkdown(where)}` : ""}\n`;
  });
  if (diagnostics.length > 0) {
    out += "**Diagnostics**\n\n";
    const budget = Math.floor(maxLength / 4);
    let used = 0;
    let shown = 0;
    for (const line of diagnostics) {
      if (used + line.length > budget) break;
      out += line;
      used += line.length;
      shown++;
    }
    if (shown < diagnostics.length) out += `- ${diagnostics.length - shown} more diagnostics: see the JSON plan\n`;
    out += "\n";
  }
  return out + sections(plan, maxLength - out.length);
}

/** The per-environment `<details>` sections within `budget` characters, trimming whole changes. */
function sections(plan: Plan, budget: number): string {
  const blocks: { env: EnvironmentName; text: string }[] = [];
  for (const env of plan.environments) {
    const listed = plan.changes.filter((c) => c.environment === env && isListed(c));
    // What will happen first, then what is only said (noops with notes, unmanaged objects).
    const ordered = [...listed.filter(isActionable), ...listed.filter((c) => c.action === "noop"), ...listed.filter((c) => c.action === "unmanaged")];
    for (const change of ordered) blocks.push({ env, text: changeBlock(change) });
  }
  const close = "\n</details>\n\n";
  const reserve = close.length + 80; // the closing tag and the "N more changes" line
  let out = "";
  let openEnv: EnvironmentName | undefined;
  let shown = 0;
  for (const block of blocks) {
    const opening = block.env === openEnv ? "" : (openEnv ? close : "") + openSection(plan, block.env);
    if (out.length + opening.length + block.text.length + reserve > budget) break;
    out += opening + block.text;
    openEnv = block.env;
    shown++;
  }
  if (openEnv) out += close;
  const omitted = blocks.length - shown;
  if (omitted > 0) out += `**${omitted} more ${omitted === 1 ? "change" : "changes"}: see the JSON plan**\n`;
  return out;
}

function openSection(plan: Plan, env: EnvironmentName): string {
  const mine = plan.changes.filter((c) => c.environment === env);
  const count = (action: Change["action"]) => mine.filter((c) => c.action === action).length;
  const parts = [`${count("create")} to create`, `${count("update")} to update`, `${count("replace")} to replace`, `${count("delete")} to delete`];
  const warn = mine.some(losesSecretFlag) ? " ⚠️" : "";
  return `<details><summary><strong>${env}</strong>: ${parts.join(", ")}${warn}</summary>\n\n`;
}

function changeBlock(change: Change): string {
  const flag = losesSecretFlag(change) ? " ⚠️ **loses its secret flag**" : "";
  const label = change.action === "noop" ? "no change" : change.action;
  const lines = [`- ${ACTION_ICON[change.action]} **${label}** ${escapeMarkdown(change.address)}${flag}`];
  for (const field of change.fields) lines.push(`  - ${escapeMarkdown(formatField(change.action, field))}`);
  for (const note of change.notes ?? []) {
    lines.push(`  - ${note.level === "warning" ? "⚠️" : "ℹ️"} ${escapeMarkdown(note.message)}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Escapes text for GitHub Markdown: HTML-significant characters become entities (no tag or comment can be
 * injected, so the marker and `<details>` stay intact) and Markdown punctuation is backslash-escaped.
 * Newlines become spaces so that a value cannot start a new block.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, " ");
}
