import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { importProject } from "../../live/index.js";
import { listFlag, stringFlag } from "../args.js";
import { createCliClient } from "../client.js";
import { envFlags, projectFromConfig } from "../config.js";
import { CliError, fileError, UsageError } from "../errors.js";
import type { CommandContext } from "../context.js";
import { projectRefusal } from "../project-hint.js";

/**
 * `trigger-iac import [--project REF] --env NAME... [-f FILE]... [-o FILE]`: writes a configuration from the live
 * project; without `--project`, the project, API URL and (without `--env`) environments of the existing config.
 * Secret values never reach the file or the terminal: they become `fromEnv` references, listed at the end.
 */
export async function runImport(ctx: CommandContext): Promise<number> {
  const { flags, output, io } = ctx;
  const flagged = stringFlag(flags, "project");
  if (flagged !== undefined && !/^proj_[A-Za-z0-9]+$/.test(flagged)) {
    throw new UsageError(`--project must be a project ref like proj_abc123, got '${flagged}'.`, "import");
  }
  // Without --project, the existing configuration names the project (and the API URL, and by default the
  // environments): `trigger-iac import -o more.yaml` next to a trigger-iac.yaml needs nothing else.
  const existing = flagged === undefined ? await projectFromConfig(ctx) : undefined;
  const project = flagged ?? existing!.project;
  if (listFlag(flags, "env").length === 0 && existing === undefined) {
    throw new UsageError("--env NAME is required (repeatable): dev, staging, prod, preview.", "import");
  }
  const environments = listFlag(flags, "env").length > 0 ? envFlags(ctx, "import") : existing!.environments;
  const out = stringFlag(flags, "out");
  const target = out === undefined ? undefined : resolve(io.cwd, out);
  if (target !== undefined && existsSync(target)) {
    throw new CliError(`${out} already exists: import never overwrites a file.`, { hint: "Choose another -o path or remove the file." });
  }
  if (existing) output.err(`Importing ${project} (${environments.join(", ")}), the project of ${existing.file}.\n`);

  const client = createCliClient(ctx, project, environments, existing?.apiUrl);
  try {
    let result;
    try {
      result = await importProject(client, environments);
    } catch (error) {
      const origin = existing ? { project, source: existing.source, environments } : { project, flag: "--project", environments };
      throw projectRefusal(ctx, error, origin) ?? error;
    }
    if (target === undefined) output.out(result.text);
    else {
      try {
        writeFileSync(target, output.redactor.scrub(result.text), { flag: "wx" });
      } catch (error) {
        throw fileError(`Cannot write ${out}`, error);
      }
      output.err(`Wrote ${out}.\n`);
    }
    if (result.secrets.length > 0) {
      output.err(
        `\n${result.secrets.length} secret variable(s) were written as fromEnv references (their values are never exported).\n` +
          "Set these in the environment before planning:\n" +
          result.secrets.map((s) => `  ${s.fromEnv}  (${s.environment}.envVars.${s.name})`).join("\n") +
          "\n",
      );
    }
    if (result.skipped.length > 0) {
      output.err(`\nNot imported:\n${result.skipped.map((s) => `  ${s.environment}: ${s.what}: ${s.reason}`).join("\n")}\n`);
    }
    return 0;
  } finally {
    await client.close();
  }
}
