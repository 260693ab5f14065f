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
