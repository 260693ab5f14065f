import { execFile } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..");
/** The built CLI entry (`npm run build`). */
export const BIN = join(ROOT, "dist", "cli", "bin.js");

/** What a command printed on a pseudo-terminal: the raw bytes and its exit code. */
export interface TerminalRun {
  code: number;
  raw: string;
}

/**
 * Runs the built CLI on a real pseudo-terminal (util-linux `script`), so stdin and stdout are a TTY exactly as
 * for a person at a shell: live lines, colours and prompts behave as they do there. `input` is typed.
 */
export function runOnTerminal(args: string[], options: { cwd: string; env: Record<string, string>; input?: string }): Promise<TerminalRun> {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(" ");
  return new Promise((done) => {
    const child = execFile(
      "script",
      ["-qec", command, "/dev/null"],
      { cwd: options.cwd, env: { PATH: process.env.PATH ?? "", TERM: "xterm", ...options.env } },
      (error, stdout) => {
        const code = error ? (typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : -1) : 0;
        done({ code, raw: stdout });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

const ESC = "\u001b";

/**
 * What a terminal shows after `raw` is written to it: carriage returns move to the line start, `ESC[2K` clears
 * the line, colours are dropped. Enough of a terminal to tell a line that stays from one that was overwritten.
 */
export function screen(raw: string): string[] {
  const lines: string[] = [""];
  let col = 0;
  const text = raw.replace(new RegExp(`${ESC}\\[[0-9;]*m`, "g"), "");
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const row = lines.length - 1;
    if (text.startsWith(`${ESC}[2K`, i)) {
      lines[row] = "";
      i += 3;
    } else if (ch === "\r") col = 0;
    else if (ch === "\n") {
      lines.push("");
      col = 0;
    } else {
      lines[row] = lines[row].slice(0, col).padEnd(col) + ch + lines[row].slice(col + 1);
      col++;
    }
  }
  return lines.map((l) => l.trimEnd());
}
