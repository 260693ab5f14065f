import type { EnvironmentName } from "../model/environments.js";
import { isActionable, type Change, type Plan } from "../model/plan.js";
import { paint as paintText, type AnsiStyle } from "../util/ansi.js";
import { changeDetails } from "./details.js";
import { ACTION_SYMBOL, formatField, formatSource, isDestructive, isListed, losesSecretFlag, planSummaryLine, printable } from "./format.js";

/** Options of {@link renderText}. */
export interface TextRenderOptions {
  /** ANSI colours; the CLI decides (TTY, `NO_COLOR`, `--no-color`). @default false */
  color?: boolean;
}

type Paint = (text: string, ...styles: AnsiStyle[]) => string;

const ACTION_COLOR = { create: "green", update: "yellow", replace: "magenta", delete: "red", noop: "dim", unmanaged: "dim" } as const;

/**
 * Renders a plan for a terminal, Terraform style: first the destructive changes (deletes, replaces, lost
 * secret flags) by address, then per environment the changes (`+` create, `~` update, `-/+` replace,
 * `-` delete, `=` a noop with a note), then the objects listed as unmanaged (`?`), then diagnostics and the
 * summary line. Values are whatever the plan holds: masked ones stay masked.
 */
export function renderText(plan: Plan, options: TextRenderOptions = {}): string {
  const paint: Paint = (text, ...styles) => paintText(options.color ?? false, text, ...styles);
  const lines: string[] = [paint(`trigger-iac plan for ${printable(plan.project)}`, "bold"), ""];
  lines.push(...destructiveLines(plan, paint));
  for (const env of plan.environments) {
    const listed = plan.changes.filter((c) => c.environment === env && isListed(c));
    if (listed.length === 0) continue;
    lines.push(...environmentLines(env, listed, paint), "");
  }
  if (plan.diagnostics.length > 0) {
    lines.push(paint("Diagnostics:", "bold"));
    for (const d of plan.diagnostics) {
      const where = formatSource(d.source);
      const label = d.severity === "error" ? paint("error", "red", "bold") : paint("warning", "yellow", "bold");
      lines.push(`  ${label} ${printable(d.address)} [${d.code}]: ${printable(d.message)}${where ? ` (${printable(where)})` : ""}`);
    }
    lines.push("");
  }
  lines.push(paint(planSummaryLine(plan), "bold"));
  return lines.join("\n") + "\n";
}

/** The destructive changes, named before anything else so that no scrolling hides them. */
function destructiveLines(plan: Plan, paint: Paint): string[] {
  const destructive = plan.changes.filter(isDestructive);
  if (destructive.length === 0) return [];
  const lines = [paint(`Destructive changes (${destructive.length}):`, "red", "bold")];
  for (const change of destructive) {
    const what = losesSecretFlag(change) ? "loses its secret flag" : change.action;
    lines.push(`${paint(ACTION_SYMBOL[change.action].padStart(3), ACTION_COLOR[change.action], "bold")} ${printable(change.address)} ${paint(`(${what})`, "red")}`);
  }
  return [...lines, ""];
}

function environmentLines(env: EnvironmentName, changes: Change[], paint: Paint): string[] {
  const lines = [paint(`Environment ${env}:`, "bold")];
  const managed = changes.filter((c) => c.action !== "unmanaged");
  const unmanaged = changes.filter((c) => c.action === "unmanaged");
  // Actionable first, then noops carrying notes: what will happen comes before what is only said.
  for (const change of [...managed.filter(isActionable), ...managed.filter((c) => !isActionable(c))]) {
    lines.push(...changeLines(change, paint));
  }
  if (unmanaged.length > 0) {
    lines.push(paint("  Not declared (listed only, never changed):", "dim"));
    for (const change of unmanaged) lines.push(...changeLines(change, paint));
  }
  return lines;
}

function changeLines(change: Change, paint: Paint): string[] {
  const color = ACTION_COLOR[change.action];
  const symbol = ACTION_SYMBOL[change.action].padStart(3);
  const flag = losesSecretFlag(change) ? paint("  (!) loses its secret flag", "red", "bold") : "";
  const label = change.action === "noop" ? "no change" : change.action;
  const lines = [`${paint(symbol, color, "bold")} ${printable(change.address)} ${paint(`(${label})`, "dim")}${flag}`];
  for (const field of change.fields) lines.push(`      ${paint(printable(formatField(change.action, field)), color)}`);
  for (const detail of changeDetails(change)) {
    const mark = detail.level === "warning" ? paint("!", "yellow", "bold") : paint("i", "cyan");
    lines.push(`      ${mark} ${detail.level === "warning" ? paint(printable(detail.text), "yellow") : printable(detail.text)}`);
  }
  return lines;
}
