import { parityMatrix } from "../../engine/parity.js";
import { renderParityJson, renderParityMarkdown, renderParityText } from "../../render/index.js";
import { choiceFlag } from "../args.js";
import type { CommandContext } from "../context.js";
import { loadAndPlan } from "../planning.js";

const FORMATS = ["text", "markdown", "json"] as const;

/**
 * `trigger-iac parity`: what differs between the environments of the file, live. Reads exactly what a plan
 * reads (no request of its own) and compares values by digest in memory: no value is printed, secret or not.
 * Exit 0, 1 on error.
 */
export async function runParity(ctx: CommandContext): Promise<number> {
  const format = choiceFlag(ctx.flags, "format", FORMATS, "parity") ?? "text";
  const { live, client } = await loadAndPlan(ctx, "parity");
  try {
    const matrix = parityMatrix(live);
    const text = format === "json" ? renderParityJson(matrix) : format === "markdown" ? renderParityMarkdown(matrix) : renderParityText(matrix);
    ctx.output.out(text.endsWith("\n") ? text : `${text}\n`);
    return 0;
  } finally {
    await client.close();
  }
}
