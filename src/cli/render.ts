import type { Plan } from "../model/plan.js";
import { renderJson, renderMarkdown, renderText } from "../render/index.js";

/** Output formats of `plan --format`. */
export type PlanFormat = "text" | "markdown" | "json";

/** The plan in the chosen format, ending with a newline. */
export function renderPlan(plan: Plan, format: PlanFormat, color: boolean): string {
  const text = format === "json" ? renderJson(plan) : format === "markdown" ? renderMarkdown(plan) : renderText(plan, { color });
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** The plan file of `plan --out` and `apply --plan`: the JSON plan (it holds no secret value). */
export function serialisePlan(plan: Plan): string {
  return renderPlan(plan, "json", false);
}
