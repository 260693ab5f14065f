import type { Change, Plan } from "../model/plan.js";
import type { PlanContext } from "./context.js";
import { isDestructive, losesSecretFlag } from "./format.js";
import { escapeMarkdown } from "./markdown-escape.js";

/** The icon of each action in Markdown. */
export const ACTION_ICON = { create: "➕", update: "🔄", replace: "♻️", delete: "➖", noop: "✔️", unmanaged: "❔" } as const;

/** How many destructive changes the callout names before "and N more". */
const CALLOUT_LIMIT = 25;

/**
 * The line under the title: config files, and under GitHub Actions the commit and a link to the workflow run,
 * so a reader knows what the comment describes and whether it is current.
 */
export function headerLine(context: PlanContext | undefined): string {
  const parts: string[] = [];
  const files = context?.files ?? [];
  if (files.length > 0) parts.push(`${files.length === 1 ? "Config" : "Configs"}: ${files.map((f) => `**${escapeMarkdown(f)}**`).join(", ")}`);
  if (context?.commit) {
    const short = escapeMarkdown(context.commit.sha.slice(0, 7));
    parts.push(`Commit: ${context.commit.url ? `[${short}](${safeUrl(context.commit.url)})` : short}`);
  }
  if (context?.run) parts.push(`[${escapeMarkdown(context.run.label)}](${safeUrl(context.run.url)})`);
  return parts.join(" · ");
}

/**
 * The callout above everything else: every delete and replace, and every variable losing its secret flag, by
 * address (a GitHub CAUTION alert), within `budget` characters and {@link CALLOUT_LIMIT} lines; the rest is
 * counted. Empty when there is none.
 */
export function destructiveCallout(plan: Plan, budget: number): string {
  const destructive = plan.changes.filter(isDestructive);
  if (destructive.length === 0) return "";
  const n = destructive.length;
  let out = `> [!CAUTION]\n> **${n} destructive ${n === 1 ? "change" : "changes"}**: review ${n === 1 ? "it" : "them"} before merging.\n>\n`;
  let shown = 0;
  for (const change of destructive.slice(0, CALLOUT_LIMIT)) {
    const line = `> - ${destructiveText(change)}\n`;
    if (out.length + line.length > budget) break;
    out += line;
    shown++;
  }
  if (n > shown) out += `> - and ${n - shown} more: see the sections below and the JSON plan.\n`;
  return out + "\n";
}

function destructiveText(change: Change): string {
  const address = escapeMarkdown(change.address);
  if (losesSecretFlag(change)) {
    return `🔓 ${address} **loses its secret flag**: its value becomes readable in the dashboard and the API.`;
  }
  if (change.action === "replace") {
    const why = change.fields.map((f) => escapeMarkdown(f.path)).join(", ");
    return `${ACTION_ICON.replace} **replace** ${address}${why ? ` (deleted and created again: ${why} changes)` : ""}`;
  }
  return `${ACTION_ICON.delete} **delete** ${address}`;
}

/** A URL for a Markdown link: only http(s), and nothing that ends the link. */
function safeUrl(url: string): string {
  return /^https?:\/\/[^\s()<>]+$/.test(url) ? url : "#";
}
