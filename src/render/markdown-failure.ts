import { markdownMarker, type PlanContext } from "./context.js";
import { escapeMarkdown } from "./markdown-escape.js";
import { headerLine } from "./markdown-head.js";

/** One problem of a failed plan: its message, and where it is when it is in a file. */
export interface FailureItem {
  message: string;
  /** `file:line:col` for a configuration problem. */
  where?: string;
  severity?: "error" | "warning";
  /** What to do next (`Set TRIGGER_ACCESS_TOKEN…`). */
  hint?: string;
}

/** A plan that could not be made (configuration errors, credentials, an API refusal). */
export interface PlanFailure {
  /** The project, when the configuration names one that could be read. */
  project?: string;
  /** One sentence: what failed and what that means for the live state. */
  headline: string;
  items: FailureItem[];
}

/**
 * Renders a failed plan as a pull-request comment with the same sticky marker and header as a plan, so that a
 * workflow replaces the last comment with this one and no stale "No changes" stays up. Positions are kept;
 * messages are escaped. Callers pass messages that are already free of secrets (the CLI also scrubs every
 * output). Stays within `maxLength`, leaving out whole problems and saying how many.
 */
export function renderMarkdownFailure(failure: PlanFailure, options: { context?: PlanContext; maxLength?: number } = {}): string {
  const maxLength = options.maxLength ?? 60_000;
  const title = failure.project ? `### trigger-iac plan: ${escapeMarkdown(failure.project)}` : "### trigger-iac plan";
  const lines = [markdownMarker(failure.project, options.context), title];
  const sub = headerLine(options.context);
  if (sub) lines.push("", sub);
  lines.push("", "> [!CAUTION]", `> **The plan failed.** ${escapeMarkdown(failure.headline)}`, "");
  let out = lines.join("\n") + "\n";
  const reserve = 100;
  let shown = 0;
  for (const item of failure.items) {
    const label = item.severity === "warning" ? "⚠️ **warning**" : "❌ **error**";
    const where = item.where ? ` ${escapeMarkdown(item.where)}:` : "";
    let line = `- ${label}${where} ${escapeMarkdown(item.message)}\n`;
    if (item.hint) line += `  ${escapeMarkdown(item.hint)}\n`;
    if (out.length + line.length + reserve > maxLength) break;
    out += line;
    shown++;
  }
  const left = failure.items.length - shown;
  if (left > 0) out += `\n**${left} more ${left === 1 ? "problem" : "problems"}: see the job log**\n`;
  return out;
}
