import { createInterface } from "node:readline";
import type { CliIo } from "./io.js";

/**
 * Asks a yes/no question on the terminal; only an explicit "yes" agrees, like `terraform apply`.
 * Resolves false when stdin ends before an answer.
 */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, terminal: false });
  io.stdout.write(question);
  try {
    const answer = await new Promise<string | undefined>((resolve) => {
      rl.once("line", (line) => resolve(line));
      rl.once("close", () => resolve(undefined));
    });
    if (answer === undefined) io.stdout.write("\n");
    return answer !== undefined && answer.trim() === "yes";
  } finally {
    rl.close();
  }
}
