import type { ParityCell, ParityMatrix, ParityRow } from "../model/parity.js";
import type { EnvironmentName } from "../model/environments.js";
import { escapeMarkdown } from "./markdown-escape.js";
import { printable } from "./format.js";

const CELL_TEXT: Record<ParityCell["state"], string> = {
  same: "same",
  differs: "differs",
  missing: "missing",
  inherited: "inherited",
  present: "only here",
  "not-compared": "not compared",
  "not-read": "not managed",
};

const CELL_ICON: Record<ParityCell["state"], string> = {
  same: "✅",
  differs: "🔀",
  missing: "⛔",
  inherited: "↪️",
  present: "📍",
  "not-compared": "❔",
  "not-read": "·",
};

/** What the cells mean, under every rendering of the matrix. */
export const PARITY_LEGEND =
  "differs (A, B…): where three or more environments differ, cells with the same letter are equal · " +
  "inherited: a preview branch's variable that comes from the preview environment · only here: no other environment has it · " +
  "not compared: a secret whose value was not read · not managed: the file does not manage this collection there. " +
  "Values are compared by digest in memory and never shown.";

/** A cell in words. The group letter only where it tells something: three or more environments differ. */
function cellText(cell: ParityCell | undefined, row: ParityRow): string {
  if (!cell) return "";
  const differing = Object.values(row.cells).filter((c) => c?.state === "differs").length;
  return cell.group && differing >= 3 ? `${CELL_TEXT[cell.state]} (${cell.group})` : CELL_TEXT[cell.state];
}

/** An environment's column title: `preview (branch feature-x)` when read through a preview branch. */
function column(matrix: ParityMatrix, env: EnvironmentName): string {
  const branch = matrix.branches?.[env];
  return branch ? `${env} (branch ${branch})` : env;
}

/** A one-line account of the matrix: `3 of 25 settings differ between staging and prod.` */
export function paritySummary(matrix: ParityMatrix): string {
  const differing = matrix.rows.filter((r) => r.differs).length;
  const envs = matrix.environments.map((e) => column(matrix, e)).join(", ");
  if (matrix.environments.length < 2) return `Parity needs two environments or more; the file selects ${envs || "none"}.`;
  if (differing === 0) return `All ${matrix.rows.length} settings are the same in ${envs}.`;
  return `${differing} of ${matrix.rows.length} ${matrix.rows.length === 1 ? "setting differs" : "settings differ"} between ${envs}.`;
}

/** The matrix for a terminal: one line per differing setting, a column per environment. */
export function renderParityText(matrix: ParityMatrix): string {
  const rows = matrix.rows.filter((r) => r.differs);
  const lines = [`trigger-iac parity for ${printable(matrix.project)}`, ""];
  if (rows.length > 0 && matrix.environments.length >= 2) {
    const header = ["SETTING", ...matrix.environments.map((e) => printable(column(matrix, e)))];
    const table = [header, ...rows.map((r) => [printable(r.address), ...matrix.environments.map((e) => cellText(r.cells[e], r))])];
    const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) lines.push(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
    lines.push("", PARITY_LEGEND, "");
  }
  lines.push(printable(paritySummary(matrix)));
  return lines.join("\n") + "\n";
}

/**
 * The matrix as a Markdown table of the differing settings, within `maxLength` characters: whole rows are left
 * out past it, and a last line says how many. `collapsed` wraps it in a `<details>` section (the plan comment).
 */
export function renderParityMarkdown(matrix: ParityMatrix, options: { collapsed?: boolean; maxLength?: number } = {}): string {
  const maxLength = options.maxLength ?? 60_000;
  const rows = matrix.rows.filter((r) => r.differs);
  const summary = escapeMarkdown(paritySummary(matrix));
  const open = options.collapsed
    ? `<details><summary><strong>Parity across environments</strong>: ${summary}</summary>\n\n`
    : `### trigger-iac parity: ${escapeMarkdown(matrix.project)}\n\n**${summary}**\n\n`;
  const close = options.collapsed ? "\n</details>\n\n" : "";
  if (rows.length === 0 || matrix.environments.length < 2) return options.collapsed ? `${open}${summary}\n${close}` : open;
  const head = `| Setting | ${matrix.environments.map((e) => escapeMarkdown(column(matrix, e))).join(" | ")} |\n| --- |${matrix.environments.map(() => " :-: |").join("")}\n`;
  const legend = `\n<sub>${escapeMarkdown(PARITY_LEGEND)}</sub>\n`;
  let out = open + head;
  let shown = 0;
  const reserve = legend.length + close.length + 80;
  for (const row of rows) {
    const line = markdownRow(matrix, row);
    if (out.length + line.length + reserve > maxLength) break;
    out += line;
    shown++;
  }
  const left = rows.length - shown;
  if (left > 0) out += `\n**${left} more ${left === 1 ? "setting differs" : "settings differ"}: run trigger-iac parity**\n`;
  return out + legend + close;
}

function markdownRow(matrix: ParityMatrix, row: ParityRow): string {
  const cells = matrix.environments.map((e) => {
    const cell = row.cells[e];
    return cell ? `${CELL_ICON[cell.state]} ${cellText(cell, row)}` : "";
  });
  return `| ${escapeMarkdown(row.address)} | ${cells.join(" | ")} |\n`;
}

/** The matrix as JSON (`formatVersion: 1`), every setting included, with a fixed key order. */
export function renderParityJson(matrix: ParityMatrix): string {
  const rows = matrix.rows.map((r) => ({
    address: r.address,
    kind: r.kind,
    differs: r.differs,
    cells: Object.fromEntries(matrix.environments.filter((e) => r.cells[e]).map((e) => [e, r.cells[e]])),
  }));
  const data = {
    formatVersion: 1,
    project: matrix.project,
    environments: matrix.environments,
    ...(matrix.branches ? { branches: matrix.branches } : {}),
    summary: paritySummary(matrix),
    rows,
  };
  return JSON.stringify(data, null, 2) + "\n";
}
