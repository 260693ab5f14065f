import { formatIssues, loadConfig } from "../../config/index.js";
import { listFlag } from "../args.js";
import { registerSecrets } from "../config.js";
import type { CommandContext } from "../main.js";

/**
 * `trigger-iac validate`: loads and checks the files without any API call. Prints every issue with
 * file:line:col; exit code 0 when there is no error (warnings printed), 1 otherwise.
 */
export async function runValidate(ctx: CommandContext): Promise<number> {
  const { output, io } = ctx;
  const { desired, issues } = await loadConfig({ files: listFlag(ctx.flags, "file"), cwd: io.cwd, env: io.env });
  if (desired) registerSecrets(ctx, desired);
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.length - errors;
  if (issues.length > 0) output.err(`${formatIssues(issues, { color: output.color.enabled })}\n\n`);
  if (errors > 0 || !desired) {
    output.err(`${output.color.red("Invalid")}: ${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ""}.\n`);
    return 1;
  }
  const counts = desired.environments.map((env) => {
    const parts = [
      env.envVars && `${Object.keys(env.envVars).length} env vars`,
      env.schedules && `${Object.keys(env.schedules).length} schedules`,
      env.queues && `${env.queues.length} queues`,
      env.deployment && `deployment ${env.deployment.version}`,
    ].filter(Boolean);
    return `  ${env.name}: ${parts.join(", ") || "nothing managed"}`;
  });
  output.out(
    `${output.color.green("Valid")}: project ${desired.project}, ${desired.environments.length} environment(s)` +
      `${warnings ? `, ${warnings} warning(s)` : ""}.\n${counts.join("\n")}\n`,
  );
  return 0;
}
