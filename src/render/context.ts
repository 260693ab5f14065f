import type { EnvironmentName } from "../model/environments.js";

/**
 * Where a plan was made, for the header of a pull-request comment and its sticky marker. The CLI fills it
 * (cli/github.ts reads the GitHub Actions variables); renderers only print it.
 */
export interface PlanContext {
  /** The config files as the user named them (relative to the repository root under GitHub Actions). */
  files: string[];
  /** The environments selected with `--env`, when narrowed; part of the marker so per-environment jobs keep their own comments. */
  environments?: EnvironmentName[];
  /** The commit the plan was made for, with a link to it. */
  commit?: { sha: string; url?: string };
  /** The workflow run that produced the plan. */
  run?: { url: string; label: string };
}

/** The start of the first line of every Markdown plan (and of a failed plan's report). */
export const MARKDOWN_MARKER = "<!-- trigger-iac-plan";

/**
 * The hidden first line that lets a workflow find and update its own comment:
 * `<!-- trigger-iac-plan project=proj_x files=trigger-iac.yaml -->` (plus `env=prod` when `--env` narrows).
 * It names the project and config files, so two plan jobs in one repository keep their own comments; a
 * failed plan for the same job writes the same line and replaces the comment. Only `[\w./@+,-]` survive, so
 * no value can end the HTML comment.
 */
export function markdownMarker(project: string | undefined, context: PlanContext | undefined): string {
  const clean = (s: string) => s.replace(/[^\w./@+,-]/g, "_");
  const parts = [MARKDOWN_MARKER, `project=${clean(project ?? "unknown")}`];
  const files = context?.files ?? [];
  if (files.length > 0) parts.push(`files=${files.map(clean).join(",")}`);
  if (context?.environments && context.environments.length > 0) parts.push(`env=${context.environments.join(",")}`);
  return `${parts.join(" ")} -->`;
}
