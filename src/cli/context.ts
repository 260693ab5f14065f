import type { ParsedFlags } from "./args.js";
import type { CliIo, Output } from "./io.js";

/**
 * What a command receives: its parsed flags and where to print. Commands return the exit code.
 * Lives apart from `main.ts` so the helpers commands use can name it without importing the dispatcher
 * (which imports the commands): no import circle inside cli/.
 */
export interface CommandContext {
  flags: ParsedFlags;
  output: Output;
  io: CliIo;
}
