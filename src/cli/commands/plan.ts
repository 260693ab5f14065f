import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { choiceFlag, stringFlag } from "../args.js";
import { fileError } from "../errors.js";
import type { CommandContext } from "../main.js";
import { hasDrift, hasPlanErrors, loadAndPlan } from "../planning.js";
import { renderPlan, serialisePlan } from "../render.js";

const FORMATS = ["text", "markdown", "json"] as const;

/**
 * `trigger-iac plan`: reads live state, prints what apply would change. Exit code 0 (1 on error); with
 * `--detailed-exitcode`, 2 when there are changes or kept drift. A plan with error diagnostics prints, then exits 1.
 */
export async function runPlan(ctx: CommandContext): Promise<number> {
  const { flags, output, io } = ctx;
  const format = choiceFlag(flags, "format", FORMATS, "plan") ?? "text";
  const out = stringFlag(flags, "out");
  const { plan, client } = await loadAndPlan(ctx, "plan", { showValues: flags["show-values"] === true });
  try {
    output.out(renderPlan(plan, format, output.color.enabled));
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
