import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parityMatrix } from "../../engine/parity.js";
import { renderMarkdown, renderMarkdownFailure, type PlanContext } from "../../render/index.js";
import { choiceFlag, stringFlag } from "../args.js";
import { fileError } from "../errors.js";
import { planFailure } from "../failure.js";
import { planContext } from "../github.js";
import type { CommandContext } from "../context.js";
import { hasDrift, hasPlanErrors, loadAndPlan } from "../planning.js";
import { renderPlan, serialisePlan } from "../render.js";

const FORMATS = ["text", "markdown", "json"] as const;

/**
 * `trigger-iac plan`: reads live state, prints what apply would change. Exit code 0 (1 on error); with
 * `--detailed-exitcode`, 2 when there are changes or kept drift. A plan with error diagnostics prints, then exits 1.
 * With `--format markdown` a plan that cannot be made (config errors, credentials, API refusals) still prints a
 * Markdown comment with the errors, so the workflow replaces the last comment instead of leaving it stale.
 */
export async function runPlan(ctx: CommandContext): Promise<number> {
  const format = choiceFlag(ctx.flags, "format", FORMATS, "plan") ?? "text";
  const progress: Progress = { printed: false };
  try {
    return await planAndPrint(ctx, format, progress);
  } catch (error) {
    // Once the plan is printed (a later `--out` write failed), a second report would only confuse the comment.
    if (format === "markdown" && !progress.printed) {
      ctx.output.out(renderMarkdownFailure(planFailure(error, progress.project), { context: contextOrFiles(ctx) }));
    }
    throw error;
  }
}

/** How far a plan got: the project once the config is loaded, and whether the plan was printed. */
interface Progress {
  project?: string;
  printed: boolean;
}

async function planAndPrint(ctx: CommandContext, format: (typeof FORMATS)[number], progress: Progress): Promise<number> {
  const { flags, output, io } = ctx;
  const out = stringFlag(flags, "out");
  const context = format === "markdown" ? planContext(ctx, "plan") : undefined;
  const { plan, live, client } = await loadAndPlan(ctx, "plan", {
    showValues: flags["show-values"] === true,
    onConfig: (desired) => (progress.project = desired.project),
  });
  try {
    output.out(context ? renderMarkdown(plan, { context, parity: parityMatrix(live) }) : renderPlan(plan, format, output.color.enabled));
    progress.printed = true;
    if (out !== undefined) {
      try {
        writeFileSync(resolve(io.cwd, out), output.redactor.scrub(serialisePlan(plan)));
      } catch (error) {
        throw fileError(`Cannot write the plan to ${out}`, error);
      }
      if (format !== "json") output.err(`Plan written to ${out} (apply it with: trigger-iac apply --plan ${out}).\n`);
    }
    if (hasPlanErrors(plan)) return 1;
    return flags["detailed-exitcode"] === true && hasDrift(plan) ? 2 : 0;
  } finally {
    await client.close();
  }
}

/** The header of a failure report: the full context, or only the files when the flags themselves are wrong. */
function contextOrFiles(ctx: CommandContext): PlanContext | undefined {
  try {
    return planContext(ctx, "plan");
  } catch {
    return undefined;
  }
}
