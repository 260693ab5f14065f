import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { importProject } from "../../live/index.js";
import { listFlag, stringFlag } from "../args.js";
import { createCliClient } from "../client.js";
import { envFlags } from "../config.js";
import { CliError, fileError, UsageError } from "../errors.js";
import type { CommandContext } from "../main.js";

/**
 * `trigger-iac import --project REF --env NAME... [-o FILE]`: writes a configuration from the live project.
 * Secret values never reach the file or the terminal: they become `fromEnv` references, listed at the end.
 */
export async function runImport(ctx: CommandContext): Promise<number> {
  const { flags, output, io } = ctx;
  const project = stringFlag(flags, "project");
  if (!project) throw new UsageError("--project REF is required (the project ref, proj_…).", "import");
  if (!/^proj_[A-Za-z0-9]+$/.test(project)) throw new UsageError(`--project must be a project ref like proj_abc123, got '${project}'.`, "import");
  if (listFlag(flags, "env").length === 0) throw new UsageError("--env NAME is required (repeatable): dev, staging, prod, preview.", "import");
  const environments = envFlags(ctx, "import");
  const out = stringFlag(flags, "out");
  const target = out === undefined ? undefined : resolve(io.cwd, out);
  if (target !== undefined && existsSync(target)) {
    throw new CliError(`${out} already exists: import never overwrites a file.`, { hint: "Choose another -o path or remove the file." });
  }

  const client = createCliClient(ctx, project, environments);
  try {
    const result = await importProject(client, environments);
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
