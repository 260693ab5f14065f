import { didYouMean, parseCommandArgs, type OptionSpec } from "./args.js";
import type { CommandContext } from "./context.js";
import { credentialValues } from "./credentials.js";
import { UsageError } from "./errors.js";
import { HELP } from "./help.js";
import { colorWanted, createOutput, createRedactor, type CliIo } from "./io.js";
import { reportError } from "./report-error.js";
import { packageVersion } from "./version.js";

export type { CliIo } from "./io.js";


/** One command: its own flags and its implementation (loaded lazily, so `validate` loads no more than it needs). */
interface CommandEntry {
  options: Record<string, OptionSpec>;
  run: () => Promise<(ctx: CommandContext) => Promise<number>>;
}

const FILE: OptionSpec = { type: "string", short: "f", multiple: true };
const ENV: OptionSpec = { type: "string", multiple: true };
const TARGET: OptionSpec = { type: "string", multiple: true };

/** Common flags that may come before a command: given alone, the command is missing. */
const COMMON_FLAGS_ALONE = new Set(["--no-color", "--api-url"]);

const COMMANDS: Record<string, CommandEntry> = {
  validate: { options: { file: FILE, "refresh-timezones": { type: "boolean" } }, run: async () => (await import("./commands/validate.js")).runValidate },
  plan: {
    options: {
      file: FILE,
      env: ENV,
      target: TARGET,
      format: { type: "string" },
      out: { type: "string" },
      "detailed-exitcode": { type: "boolean" },
      "show-values": { type: "boolean" },
    },
    run: async () => (await import("./commands/plan.js")).runPlan,
  },
  apply: {
    options: {
      file: FILE,
      env: ENV,
      target: TARGET,
      plan: { type: "string" },
      "auto-approve": { type: "boolean" },
      "max-deletes": { type: "string" },
    },
    run: async () => (await import("./commands/apply.js")).runApply,
  },
  parity: {
    options: { file: FILE, format: { type: "string" } },
    run: async () => (await import("./commands/parity.js")).runParity,
  },
  import: {
    options: { project: { type: "string" }, env: ENV, file: FILE, out: { type: "string", short: "o" } },
    run: async () => (await import("./commands/import.js")).runImport,
  },
  emulator: {
    options: {
      port: { type: "string" },
      seed: { type: "string" },
      state: { type: "string" },
      latency: { type: "string" },
      faults: { type: "string" },
    },
    run: async () => (await import("./commands/emulator.js")).runEmulator,
  },
};

/**
 * Runs the command line in-process and resolves to the exit code: 0 success, 1 error, 2 changes with
 * `plan --detailed-exitcode`. Never throws and never exits: bin.ts sets `process.exitCode`.
 * @example const code = await runCli(["plan", "--format", "json"], { stdout, stderr, stdin, env, cwd, isTTY: false });
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const noColor = argv.includes("--no-color");
  const redactor = createRedactor();
  for (const value of credentialValues(io.env)) redactor.add(value);
  const output = createOutput(io, colorWanted(io, noColor), redactor);
  try {
    const [command, ...rest] = commandFirst(argv);
    // commandFirst moved any command to the front, so a common flag first means there is no command at all.
    if (command === undefined || COMMON_FLAGS_ALONE.has(command.split("=")[0])) {
      // No command is a mistake (a script that lost its argument), not a request for help: usage on stderr, exit 1.
      output.err(HELP.main);
      return 1;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      const topic = command === "help" ? rest[0] : undefined;
      output.out(topic && HELP[topic] ? HELP[topic] : HELP.main);
      return 0;
    }
    if (command === "--version" || command === "-v") {
      output.out(`${packageVersion()}\n`);
      return 0;
    }
    const entry = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!entry) {
      if (command.startsWith("-")) throw new UsageError(`unknown option '${command}'. Options come after a command: trigger-iac <command> [options].`);
      throw new UsageError(`unknown command '${command}'.${didYouMean(command, Object.keys(COMMANDS))} Commands: ${Object.keys(COMMANDS).join(", ")}.`);
    }
    const flags = parseCommandArgs(command, rest, entry.options);
    if (flags.help) {
      output.out(HELP[command]);
      return 0;
    }
    if (flags.version) {
      output.out(`${packageVersion()}\n`);
      return 0;
    }
    const run = await entry.run();
    return await run({ flags, output, io });
  } catch (error) {
    return reportError(output, error);
  }
}

/** Lets common flags come before the command (`trigger-iac --no-color plan`): the command is moved first. */
function commandFirst(argv: string[]): string[] {
  if (argv.length === 0 || !argv[0].startsWith("-")) return argv;
  const index = argv.findIndex((arg, i) => Object.prototype.hasOwnProperty.call(COMMANDS, arg) && argv[i - 1] !== "--api-url");
  if (index === -1) return argv;
  return [argv[index], ...argv.slice(0, index), ...argv.slice(index + 1)];
}
