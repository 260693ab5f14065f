import type { ParityMatrix } from "../model/parity.js";
import { isActionable, type Change, type Plan } from "../model/plan.js";
import { markdownMarker, type PlanContext } from "./context.js";
import { formatSource, planSummaryLine } from "./format.js";
import { environmentSection } from "./markdown-env.js";
import { escapeMarkdown } from "./markdown-escape.js";
import { ACTION_ICON, destructiveCallout, headerLine } from "./markdown-head.js";
import { renderParityMarkdown } from "./parity.js";

export { escapeMarkdown } from "./markdown-escape.js";
export { MARKDOWN_MARKER } from "./context.js";

/** Options of {@link renderMarkdown}. */
export interface MarkdownRenderOptions {
  /** Config files, commit and workflow run, for the header and the sticky marker. */
  context?: PlanContext;
  /** The parity matrix across the plan's environments, shown as a collapsed section. */
  parity?: ParityMatrix;
  /** Upper bound of the output length; GitHub refuses comments over 65,536 characters. @default 60000 */
  maxLength?: number;
}

/** Sections start expanded while the whole plan has at most this many changes. */
const OPEN_UP_TO = 40;

/**
 * Renders a plan for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the sticky marker, a header (project,
 * config files, commit and workflow run), a callout naming every destructive change, the summary and a table
 * with one row per environment, diagnostics, then per environment a section with one table per kind listing
 * only the changes (unchanged objects counted, unmanaged ones in a collapsed list), and last the parity matrix.
 * Over `maxLength` whole changes are left out (never part of one) and the output ends with
 * "N more changes: see the JSON plan". Every name and value is escaped.
 */
export function renderMarkdown(plan: Plan, options: MarkdownRenderOptions = {}): string {
  const maxLength = options.maxLength ?? 60_000;
  let out = head(plan, options.context) + destructiveCallout(plan, Math.floor(maxLength / 5)) + summary(plan) + diagnostics(plan, Math.floor(maxLength / 5));
  const parity = options.parity && options.parity.environments.length >= 2
    ? renderParityMarkdown(options.parity, { collapsed: true, maxLength: Math.floor(maxLength / 5) })
    : "";
  const { text, omitted } = sections(plan, maxLength - out.length - parity.length);
  out += text + parity;
  // Last, so that a trimmed comment ends with what to do about it.
  if (omitted > 0) out += `**${omitted} more ${omitted === 1 ? "change" : "changes"}: see the JSON plan**\n`;
  return out;
}

function head(plan: Plan, context: PlanContext | undefined): string {
  const lines = [markdownMarker(plan.project, context), `### trigger-iac plan: ${escapeMarkdown(plan.project)}`];
  const sub = headerLine(context);
  if (sub) lines.push("", sub);
  return lines.join("\n") + "\n\n";
}

function summary(plan: Plan): string {
  const lines = [`**${planSummaryLine(plan)}**`, ""];
  lines.push(
    `| Environment | ${ACTION_ICON.create} Create | ${ACTION_ICON.update} Update | ${ACTION_ICON.replace} Replace | ${ACTION_ICON.delete} Delete | Unchanged | Unmanaged |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const env of plan.environments) {
    const mine = plan.changes.filter((c) => c.environment === env);
    const count = (action: Change["action"]) => mine.filter((c) => c.action === action).length;
    const cells = (["create", "update", "replace", "delete", "noop", "unmanaged"] as const).map(count);
    lines.push(`| ${env} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n\n";
}

function diagnostics(plan: Plan, budget: number): string {
  if (plan.diagnostics.length === 0) return "";
  let out = "**Diagnostics**\n\n";
  let shown = 0;
  for (const d of plan.diagnostics) {
    const where = formatSource(d.source);
    const label = d.severity === "error" ? "❌ **error**" : "⚠️ **warning**";
    const line = `- ${label} ${escapeMarkdown(d.address)} (${escapeMarkdown(d.code)}): ${escapeMarkdown(d.message)}${where ? ` at ${escapeMarkdown(where)}` : ""}\n`;
    if (out.length + line.length > budget) break;
    out += line;
    shown++;
  }
  const left = plan.diagnostics.length - shown;
  if (left > 0) out += `- ${left} more diagnostics: see the JSON plan\n`;
  return out + "\n";
}

/** The per-environment sections within `budget` characters, trimming whole changes. */
function sections(plan: Plan, budget: number): { text: string; omitted: number } {
  const open = plan.changes.filter(isActionable).length <= OPEN_UP_TO;
  const reserve = 100; // the "N more changes" line
  let out = "";
  let omitted = 0;
  let full = false;
  for (const env of plan.environments) {
    const section = environmentSection(plan, env, open);
    const total = section.tables.reduce((n, t) => n + t.rows.length, 0);
    if (total === 0 && !section.hasAside) continue;
    if (full) {
      omitted += total;
      continue;
    }
    let text = section.open;
    let placed = 0;
    for (const table of section.tables) {
      for (const [i, row] of table.rows.entries()) {
        const piece = (i === 0 ? table.head : "") + row;
        if (out.length + text.length + piece.length + section.close.length + reserve > budget) {
          full = true;
          break;
        }
        text += piece;
        placed++;
      }
      if (full) break;
    }
    omitted += total - placed;
    if (!full) text += section.aside(budget - out.length - text.length - section.close.length - reserve);
    // Rows were placed only where they fit with the closing tag; a section without rows must fit as a whole.
    if (placed > 0 || out.length + text.length + section.close.length + reserve <= budget) out += text + section.close;
    else full = true;
  }
  return { text: out, omitted };
}
