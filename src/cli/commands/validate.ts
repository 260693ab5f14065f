import { formatIssues, loadConfig } from "../../config/index.js";
import { listFlag, stringFlag } from "../args.js";
import { resolveApiUrl } from "../credentials.js";
import { registerSecrets } from "../config.js";
import type { CommandContext } from "../context.js";

/**
 * `trigger-iac validate`: loads and checks the files without any API call and without secret values (a `fromEnv`
 * variable that is not set is a warning). Prints every issue with file:line:col; exit code 0 when there is no error (warnings printed), 1 otherwise. With
 * `--refresh-timezones`, timezones are checked against the server's live list (`GET /api/v1/timezones`, which
 * needs no credentials) instead of the snapshot shipped with the package.
 */
export async function runValidate(ctx: CommandContext): Promise<number> {
  const { output, io } = ctx;
  const timezones = ctx.flags["refresh-timezones"] === true ? await fetchTimezones(ctx) : undefined;
  // validate needs no secret value: a fromEnv variable that is not set is a warning here (plan/apply need it).
  const { desired, issues } = await loadConfig({
    files: listFlag(ctx.flags, "file"),
    cwd: io.cwd,
    env: io.env,
    timezones,
    fromEnvEnvironments: [],
    otherFromEnv: "warning",
  });
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
      env.deployment && (env.deployment.follow ? `deployment follows ${env.deployment.follow}` : `deployment ${env.deployment.version}`),
    ].filter(Boolean);
    return `  ${env.name}: ${parts.join(", ") || "nothing managed"}`;
  });
  output.out(
    `${output.color.green("Valid")}: project ${desired.project}, ${desired.environments.length} environment(s)` +
      `${warnings ? `, ${warnings} warning(s)` : ""}.\n${counts.join("\n")}\n`,
  );
  return 0;
}

/** The server's timezone list, from `--api-url`, `TRIGGER_API_URL` or the default API. */
async function fetchTimezones(ctx: CommandContext): Promise<string[]> {
  const baseUrl = resolveApiUrl(stringFlag(ctx.flags, "api-url"), ctx.io.env);
  // Loaded only here: the HTTP client (undici) is most of a cold start, and plain `validate` sends nothing.
  const { createTriggerClient } = await import("../../client/index.js");
  const client = createTriggerClient({ ...ctx.io.clientOptions, baseUrl, projectRef: "", credentials: {} });
  try {
    return await client.timezones();
  } finally {
    await client.close();
  }
}
