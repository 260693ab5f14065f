import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { EmulatorState } from "./state.js";
import { seedToState, validateSeed } from "./seed.js";
import { isRecord } from "../util/objects.js";

/**
 * `statePath` persistence: the whole state as JSON, written after every change (write-then-rename, so a
 * crash never leaves half a file) and loaded on start when the file exists. A seed file is accepted too.
 */

/** Loads a state file, or undefined when it does not exist. Throws a clear Error on a corrupt file. */
export function loadStateFile(path: string, now: Date): EmulatorState | undefined {
  if (!existsSync(path)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read emulator state file ${path}: ${(error as Error).message}`);
  }
  if (isRecord(data) && data.format === "trigger-iac-emulator-state") {
    if (data.version !== 1 || !Array.isArray(data.projects) || !isRecord(data.counters)) {
      throw new Error(`Emulator state file ${path} has an unsupported format; delete it to start from the seed`);
    }
    return data as unknown as EmulatorState;
  }
  return seedToState(validateSeed(data), now);
}

/** Writes the state atomically. */
export function saveStateFile(path: string, state: EmulatorState): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, "utf8");
    renameSync(tmp, path);
  } catch (error) {
    throw new Error(`Cannot write emulator state file ${path}: ${(error as Error).message}`);
  }
}
