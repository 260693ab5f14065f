import { parseArgs } from "node:util";
import { similarNames } from "../engine/similar.js";
import { UsageError } from "./errors.js";

/** One option of a command, in node:util parseArgs terms. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
}

/** Flags every command accepts. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  "api-url": { type: "string" },
  "no-color": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
};

/** Parsed flags: strings, string lists and booleans by long name. */
export type ParsedFlags = Record<string, string | string[] | boolean | undefined>;

/**
 * Parses `argv` (without the command name) strictly: an unknown flag, a missing value or a stray positional
 * argument is a {@link UsageError} that names it.
 */
export function parseCommandArgs(command: string, argv: string[], options: Record<string, OptionSpec>): ParsedFlags {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) {
      throw new UsageError(`unexpected argument '${positionals[0]}' for 'trigger-iac ${command}'.`, command);
    }
    return values as ParsedFlags;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(describeParseError(error, Object.keys({ ...COMMON_OPTIONS, ...options })), command);
  }
}

/**
 * " Did you mean X?" for a mistyped name (`--detailed-exit-code`, `--env prd`, `plna`), or "" when nothing
 * is close. Only the closest candidate: a list of guesses reads as noise.
 */
export function didYouMean(name: string, candidates: readonly string[], prefix = ""): string {
  const [closest] = similarNames(name, candidates, 1);
  return closest === undefined ? "" : ` Did you mean '${prefix}${closest}'?`;
}

/** node:util's messages are long and mention internals; keep the useful part. */
function describeParseError(error: unknown, known: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) {
    const name = unknown[1];
    return `unknown option '${name}'.${name.startsWith("--") ? didYouMean(name.slice(2).split("=")[0], known, "--") : ""}`;
  }
  const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message);
  if (missing) return `option '${missing[1]}' needs a value.`;
  // A value starting with '-' (`--max-deletes -1`): node says "argument is ambiguous" over three sentences.
  const ambiguous = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument is ambiguous/.exec(message);
  if (ambiguous) return `option '${ambiguous[1]}' got a value starting with '-': write it as ${ambiguous[1]}=VALUE.`;
  return message.split(". ")[0] + ".";
}

/** A string flag given once at most. */
export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

/** A repeatable string flag, as a list (empty when absent). */
export function listFlag(flags: ParsedFlags, name: string): string[] {
  const value = flags[name];
  if (Array.isArray(value)) return value;
  return typeof value === "string" ? [value] : [];
}

/** A non-negative integer flag such as `--max-deletes` or `--port`. */
export function integerFlag(flags: ParsedFlags, name: string, command: string): number | undefined {
  const raw = stringFlag(flags, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a non-negative integer, got '${raw}'.`, command);
  return Number(raw);
}

/** One of a fixed set of values. */
export function choiceFlag<T extends string>(flags: ParsedFlags, name: string, choices: readonly T[], command: string): T | undefined {
  const raw = stringFlag(flags, name);
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${choices.join(", ")}; got '${raw}'.`, command);
  }
  return raw as T;
}
