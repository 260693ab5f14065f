import type { EnvironmentName } from "../model/environments.js";
import { isKeptDrift, isActionable, KIND_ORDER, type Change, type Plan, type ResourceKind } from "../model/plan.js";
import { changeDetails } from "./details.js";
import { formatField } from "./format.js";
import { ACTION_ICON } from "./markdown-head.js";
import { escapeMarkdown } from "./markdown-escape.js";

/** A kind's table: its heading and header row, then one row per change. */
export interface KindTable {
  head: string;
  rows: string[];
}

/** One environment's section, in pieces, so the caller can trim whole changes to fit a length. */
export interface EnvironmentSection {
  open: string;
  tables: KindTable[];
  /** True when there are unmanaged objects, or unchanged ones with notes, to list. */
  hasAside: boolean;
  /** Their collapsed list within `budget` characters (items past it are counted), "" when none or nothing fits. */
  aside: (budget: number) => string;
  close: string;
}

const KIND_TITLE: Record<ResourceKind, string> = {
  envVar: "Environment variables",
  deployment: "Deployment",
  queue: "Queues",
  schedule: "Schedules",
};

const ASIDE_LIMIT = 100;

/**
 * One environment of a plan: a `<details>` section whose summary counts the changes (and the unchanged and
 * unmanaged objects), then one compact table per kind listing only the changes. Unmanaged objects, and unchanged
 * ones that carry a note, go in a collapsed list of their own. `open`: whether the section starts expanded.
 */
export function environmentSection(plan: Plan, env: EnvironmentName, open: boolean): EnvironmentSection {
  const mine = plan.changes.filter((c) => c.environment === env);
  // Owned objects kept only because prune is off are drift the reviewer must see: listed with the changes.
  const actionable = mine.filter((c) => isActionable(c) || isKeptDrift(c));
  const tables: KindTable[] = [];
  for (const kind of KIND_ORDER) {
    const changes = actionable.filter((c) => c.kind === kind);
    if (changes.length === 0) continue;
    const head = `\n**${KIND_TITLE[kind]}**\n\n| Action | Name | Change |\n| --- | --- | --- |\n`;
    tables.push({ head, rows: changes.map((c) => changeRow(c, env)) });
  }
  const summary = `<strong>${env}</strong>: ${sectionCounts(mine)}`;
  return {
    open: `<details${open ? " open" : ""}><summary>${summary}</summary>\n`,
    tables,
    hasAside: mine.some((c) => (c.action === "unmanaged" && !isKeptDrift(c)) || (c.action === "noop" && (c.notes ?? []).length > 0)),
    aside: (budget) => aside(mine, budget),
    close: "\n</details>\n\n",
  };
}

/** `1 to create, 2 to delete · 4 unchanged · 2 unmanaged`: zero counts left out. */
function sectionCounts(changes: Change[]): string {
  const count = (action: Change["action"]) => changes.filter((c) => c.action === action).length;
  const actions = (["create", "update", "replace", "delete"] as const).filter((a) => count(a) > 0).map((a) => `${count(a)} to ${a}`);
  const parts = [actions.length > 0 ? actions.join(", ") : "no changes"];
  if (count("noop") > 0) parts.push(`${count("noop")} unchanged`);
  const kept = changes.filter(isKeptDrift).length;
  if (kept > 0) parts.push(`${kept} kept (prune off)`);
  if (count("unmanaged") - kept > 0) parts.push(`${count("unmanaged") - kept} unmanaged`);
  return parts.join(" · ");
}

/** The name of an address inside its environment and kind: `LOG_LEVEL`, `tasks.send-email`, `deployment`. */
export function shortName(change: Pick<Change, "address" | "environment" | "kind">): string {
  const rest = change.address.slice(change.environment.length + 1);
  return change.kind === "deployment" ? rest : rest.slice(rest.indexOf(".") + 1);
}

function changeRow(change: Change, env: EnvironmentName): string {
  const lines = change.fields.map((f) => escapeMarkdown(formatField(change.action, f, "→")));
  for (const d of changeDetails(change)) lines.push(`${d.level === "warning" ? "⚠️" : "ℹ️"} ${escapeMarkdown(d.text)}`);
  const name = escapeMarkdown(shortName({ ...change, environment: env }));
  const label = isKeptDrift(change) ? `${ACTION_ICON.unmanaged} kept` : `${ACTION_ICON[change.action]} ${change.action}`;
  return `| ${label} | **${name}** | ${lines.join("<br>") || "—"} |\n`;
}

function aside(changes: Change[], budget: number): string {
  const unmanaged = changes.filter((c) => c.action === "unmanaged" && !isKeptDrift(c));
  const noted = changes.filter((c) => c.action === "noop" && (c.notes ?? []).length > 0);
  if (unmanaged.length + noted.length === 0) return "";
  const titles: string[] = [];
  if (unmanaged.length > 0) titles.push(`${unmanaged.length} unmanaged (listed only, never changed)`);
  if (noted.length > 0) titles.push(`${noted.length} unchanged with notes`);
  const open = `\n<details><summary>${titles.join(" · ")}</summary>\n\n`;
  const close = "\n</details>\n";
  const items = [...unmanaged, ...noted];
  const more = (n: number) => `- and ${n} more: see the JSON plan\n`;
  let out = open;
  let shown = 0;
  for (const c of items.slice(0, ASIDE_LIMIT)) {
    const details = changeDetails(c).map((d) => escapeMarkdown(d.text));
    const label = c.action === "unmanaged" ? `${ACTION_ICON.unmanaged} unmanaged` : `${ACTION_ICON.noop} unchanged`;
    const line = `- ${label} ${escapeMarkdown(c.address)}${details.length > 0 ? `: ${details.join(" ")}` : ""}\n`;
    if (out.length + line.length + more(items.length).length + close.length > budget) break;
    out += line;
    shown++;
  }
  if (shown === 0) return "";
  if (items.length > shown) out += more(items.length - shown);
  return out + close;
}
