import type { TriggerClientOptions } from "../client/index.js";
import { createRedactor, type Redactor } from "../secrets/redact.js";
import { paint } from "../util/ansi.js";

export { createRedactor, type Redactor } from "../secrets/redact.js";

/**
 * The CLI's view of the outside world, injected so tests run the whole CLI in-process: streams,
 * environment, working directory and whether a person sits at a terminal.
 */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Read for the apply confirmation on a terminal. */
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** True when stdin and stdout are a terminal: enables the prompt and the live progress line. */
  isTTY: boolean;
  /** Ends long-running commands (`emulator`, apply's verify); bin.ts aborts it on SIGINT/SIGTERM. */
  signal?: AbortSignal;
  /**
   * Called with true while a command can stop gracefully on Ctrl-C (apply's verify watch), false after: bin.ts
   * then aborts {@link signal} instead of ending the process at once.
   */
  setInterruptible?(on: boolean): void;
  /** Client settings for embeddings and tests (e.g. `retry: false`); credentials and URL still come from `env`. */
  clientOptions?: Pick<TriggerClientOptions, "retry" | "timeoutMs" | "dispatcher" | "rateLimit">;
}

/** What commands print through: scrubbed, coloured when allowed. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  color: Colors;
  redactor: Redactor;
  io: CliIo;
}

/** ANSI styling helpers; each returns its input unchanged when colour is off. */
export interface Colors {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}


/** Colours for a terminal; none with `--no-color`, a non-empty `NO_COLOR`, or when not on a terminal. */
export function createColors(enabled: boolean): Colors {
  return {
    enabled,
    bold: (s) => paint(enabled, s, "bold"),
    dim: (s) => paint(enabled, s, "dim"),
    red: (s) => paint(enabled, s, "red"),
    green: (s) => paint(enabled, s, "green"),
    yellow: (s) => paint(enabled, s, "yellow"),
    cyan: (s) => paint(enabled, s, "cyan"),
  };
}

/** Builds the {@link Output} every command prints through. */
export function createOutput(io: CliIo, colorEnabled: boolean, redactor: Redactor = createRedactor()): Output {
  return {
    out: (text) => io.stdout.write(redactor.scrub(text)),
    err: (text) => io.stderr.write(redactor.scrub(text)),
    color: createColors(colorEnabled),
    redactor,
    io,
  };
}

/** True when colour should be used: a terminal, no `--no-color`, no non-empty `NO_COLOR`. */
export function colorWanted(io: CliIo, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  return io.isTTY;
}
