import type { ValidationIssue } from "../model/source.js";

/**
 * A problem the user can fix (bad flag, missing credential, refused plan): printed as one message, no stack,
 * exit code 1. Library errors (client, config) are mapped to messages in report-error.ts.
 */
export class CliError extends Error {
  override name = "CliError";
  /** Printed after the message: what to do next. */
  readonly hint?: string;
  readonly exitCode: number;
  constructor(message: string, options: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** A flag or argument the command does not accept. */
export class UsageError extends CliError {
  constructor(message: string, command?: string) {
    super(message, { hint: `Run 'trigger-iac ${command ? `${command} ` : ""}--help' for usage.` });
  }
}

/** The problem was already printed in full (e.g. config issues); only the exit code remains. */
export class ReportedError extends CliError {
  constructor(exitCode = 1) {
    super("already reported", { exitCode });
  }
}

/** Configuration issues, already printed; kept so `plan --format markdown` can post them too. */
export class ConfigIssuesError extends ReportedError {
  constructor(
    readonly issues: readonly ValidationIssue[],
    /** The project the files declare, when it could be read despite the errors. */
    readonly project?: string,
  ) {
    super(1);
  }
}

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EEXIST: "the file already exists",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
};

/**
 * A file the user named could not be read or written: `Cannot write the plan to x.json: no such file or
 * directory.` Node's own messages (`ENOENT: no such file or directory, open '/abs/path'`) are reduced to the
 * plain reason; an unknown error keeps its message.
 */
export function fileError(what: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason = (code && FILE_PROBLEMS[code]) ?? (error instanceof Error ? error.message : String(error));
  return new CliError(`${what}: ${reason}.`);
}
