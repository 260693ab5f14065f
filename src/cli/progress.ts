import type { Output } from "./io.js";

/** How one operation of an apply ended. */
export type OperationOutcome = "done" | "failed";

/**
 * Reports apply progress: one line per finished change, e.g. `prod.envVars.LOG_LEVEL: updated` (failures with
 * the API's message). On a terminal those lines stay, as a record, above one line that updates in place
 * ("[3/12] prod.envVars.X …"); in CI logs there is no live line.
 */
export interface ProgressReporter {
  start(address: string, verb: string): void;
  finish(address: string, verb: string, outcome: OperationOutcome, message?: string): void;
  /** Clears the live line; call before printing anything else. */
  end(): void;
}

/** Past tense of an action, for progress lines. */
export function pastTense(action: string): string {
  switch (action) {
    case "create":
      return "created";
    case "update":
      return "updated";
    case "replace":
      return "replaced";
    case "delete":
      return "deleted";
    default:
      return action;
  }
}

/** Creates the reporter that fits the output: a live line on a terminal, plain lines otherwise. */
export function createProgress(output: Output, total: number, live: boolean): ProgressReporter {
  const { color } = output;
  let finished = 0;
  const inFlight = new Set<string>();
  let lineShown = false;

  const clearLine = () => {
    if (lineShown) output.out("\r\u001b[2K");
    lineShown = false;
  };
  const drawLine = () => {
    if (!live) return;
    clearLine();
    const current = [...inFlight].slice(0, 2).join(", ") + (inFlight.size > 2 ? ", …" : "");
    output.out(`${color.cyan(`[${finished}/${total}]`)} ${current}`);
    lineShown = true;
  };

  return {
    start(address) {
      inFlight.add(address);
      drawLine();
    },
    finish(address, verb, outcome, message) {
      inFlight.delete(address);
      finished += 1;
      if (outcome === "failed") {
        clearLine();
        output.out(`${color.red(`${address}: ${verb} failed`)}${message ? ` — ${message}` : ""}\n`);
      } else {
        // On a terminal the live line is cleared first, so the record line replaces it and it is redrawn below.
        clearLine();
        output.out(`${address}: ${color.green(pastTense(verb))}\n`);
      }
      drawLine();
    },
    end() {
      clearLine();
    },
  };
}
