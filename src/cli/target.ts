import { listFlag } from "./args.js";
import { UsageError } from "./errors.js";
import type { CommandContext } from "./context.js";

/** An address segment or glob: letters, digits and the characters keys and names use, plus `*` and `?`. */
const TARGET = /^[^\s.]+(\.[^\s.]+)*$/;

/**
 * Parses `--target` values (repeatable): plan addresses such as `prod.envVars.LOG_LEVEL`, a prefix such as
 * `prod.schedules`, or globs such as `prod.schedules.*`. Duplicates are dropped; a malformed one is a usage error.
 */
export function targetFlags(ctx: CommandContext, command: string): string[] {
  const values = listFlag(ctx.flags, "target");
  for (const value of values) {
    if (!TARGET.test(value)) {
      throw new UsageError(`--target '${value}' is not an address: write it like prod.schedules.nightly or prod.schedules.*.`, command);
    }
  }
  return [...new Set(values)];
}
