import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { DEFAULT_CONFIG_FILES } from "../config/index.js";
import type { PlanContext } from "../render/index.js";
import { listFlag } from "./args.js";
import { envFlags } from "./config.js";
import type { CommandContext } from "./context.js";

/**
 * Where this plan is made, for the Markdown header and sticky marker: the config files (relative to the
 * repository root under GitHub Actions, so that two jobs in different folders get different markers), the
 * `--env` selection, and when the GitHub Actions variables are present, the commit and the workflow run.
 */
export function planContext(ctx: CommandContext, command: string): PlanContext {
  const { env, cwd } = ctx.io;
  const named = listFlag(ctx.flags, "file");
  const files = (named.length > 0 ? named : [DEFAULT_CONFIG_FILES.find((f) => existsSync(resolve(cwd, f))) ?? DEFAULT_CONFIG_FILES[0]])
    .map((f) => fromWorkspace(f, cwd, env.GITHUB_WORKSPACE));
  const context: PlanContext = { files };
  const environments = envFlags(ctx, command);
  if (environments.length > 0) context.environments = environments;
  const server = env.GITHUB_SERVER_URL;
  const repository = env.GITHUB_REPOSITORY;
  if (env.GITHUB_ACTIONS !== "true" || !server || !repository) return context;
  const sha = pullRequestHead(env.GITHUB_EVENT_PATH) ?? env.GITHUB_SHA;
  if (sha && /^[0-9a-f]{7,64}$/i.test(sha)) context.commit = { sha, url: `${server}/${repository}/commit/${sha}` };
  if (env.GITHUB_RUN_ID && /^\d+$/.test(env.GITHUB_RUN_ID)) {
    const attempt = env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== "1" ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : "";
    const label = `${env.GITHUB_WORKFLOW || "Workflow"} run #${env.GITHUB_RUN_NUMBER || env.GITHUB_RUN_ID}`;
    context.run = { url: `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`, label };
  }
  return context;
}

/**
 * On a pull request GITHUB_SHA is the merge commit GitHub made, which the reviewer never sees; the commit they
 * pushed is the event's `pull_request.head.sha`.
 */
function pullRequestHead(eventPath: string | undefined): string | undefined {
  if (!eventPath) return undefined;
  try {
    const event = JSON.parse(readFileSync(eventPath, "utf8")) as { pull_request?: { head?: { sha?: unknown } } };
    const sha = event.pull_request?.head?.sha;
    return typeof sha === "string" ? sha : undefined;
  } catch {
    return undefined;
  }
}

function fromWorkspace(file: string, cwd: string, workspace: string | undefined): string {
  if (!workspace) return file;
  const path = relative(workspace, resolve(cwd, file));
  if (path === "" || path.startsWith("..") || isAbsolute(path)) return file;
  return path.split(sep).join("/");
}
