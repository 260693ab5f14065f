/**
 * examples/pulumi/index.ts and examples/promotion/pulumi/index.ts type-check against this package's
 * `trigger-iac/pulumi` API (mapped to src/pulumi/index.ts), with the example's own tsconfig (both examples use
 * the same options): the examples a user copies compile.
 */
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/pulumi-project.js";

const EXAMPLE = join(REPO_ROOT, "examples", "pulumi");
/** Checked in the same program (the same compiler options): type-checking the SDK's declarations is the slow part. */
const PROMOTION_EXAMPLE = join(REPO_ROOT, "examples", "promotion", "pulumi", "index.ts");

/** Diagnostics of the example program, optionally with one extra in-memory file beside index.ts. */
function typecheck(extra?: { name: string; text: string }): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(EXAMPLE, "tsconfig.json"),
    { paths: { "trigger-iac/pulumi": [join(REPO_ROOT, "src", "pulumi", "index.ts")] }, noEmit: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); } },
  );
  if (!parsed) throw new Error("examples/pulumi/tsconfig.json could not be read");
  const host = ts.createCompilerHost(parsed.options);
  const files = [...parsed.fileNames, PROMOTION_EXAMPLE];
  if (extra) {
    const path = join(EXAMPLE, extra.name);
    files.push(path);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (f, lang, ...rest) => (f === path ? ts.createSourceFile(f, extra.text, lang) : getSourceFile.call(host, f, lang, ...rest));
    host.fileExists = (f) => f === path || fileExists.call(host, f);
    host.readFile = (f) => (f === path ? extra.text : readFile.call(host, f));
  }
  const program = ts.createProgram(files, parsed.options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : "";
    return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
  });
}

// One program for both checks (type-checking the SDK's declarations is the slow part): index.ts, plus an
// in-memory file with a deliberate mistake that proves the check can fail.
const NEGATIVE = {
  name: "__negative__.ts",
  text: `import * as triggerdev from "trigger-iac/pulumi";\nnew triggerdev.QueueSetting("q", { project: "p", environment: "production", queue: { tasks: "x" } });\n`,
};

describe("examples/pulumi", () => {
  it("index.ts (and the promotion example's) type-check against trigger-iac/pulumi, and a wrong argument is a type error", () => {
    const diagnostics = typecheck(NEGATIVE);
    expect(diagnostics.filter((d) => !d.includes("__negative__.ts"))).toEqual([]);
    expect(diagnostics.join("\n")).toMatch(/__negative__\.ts:2: /);
  });
});
