import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ValidationIssue } from "../model/source.js";
import { scrubText } from "./credentials.js";
import { tsDocument } from "./ts-positions.js";
import type { ReadDocument } from "./validate.js";

/**
 * The module a config file gets for `import { defineConfig } from "trigger-iac"`: this package's own
 * `define` module, so a config loads even where the package is not installed next to it (npx, global
 * installs) and never picks up a different copy. `.ts` when running from source, `.js` once built.
 */
function selfAlias(): string {
  for (const ext of [".js", ".ts"]) {
    const p = fileURLToPath(new URL(`./define${ext}`, import.meta.url));
    if (existsSync(p)) return p;
  }
  return fileURLToPath(new URL("./define.js", import.meta.url));
}

/**
 * Loads a `trigger-iac.config.ts` with jiti (no build step): its default export, or a named `config` export,
 * may be the config object, a promise of it, or a function returning either. Errors thrown while loading
 * become one issue at the file; nothing escapes.
 */
export async function readTsConfig(file: string, absPath: string): Promise<ReadDocument> {
  let text: string;
  try {
    text = readFileSync(absPath, "utf8");
  } catch (err) {
    return { issues: [loadIssue(file, `cannot read the file: ${errorText(err)}`, "file-unreadable")] };
  }
  try {
    // Loaded only for a TypeScript config: jiti is large, and a YAML config does not need it.
    const { createJiti } = await import("jiti");
    const jiti = createJiti(import.meta.url, {
      alias: { "trigger-iac": selfAlias() },
      moduleCache: false,
      fsCache: false,
      interopDefault: false,
    });
    const mod = (await jiti.import(absPath)) as Record<string, unknown>;
    let value: unknown = mod.default ?? mod.config;
    if (typeof value === "function") value = await (value as () => unknown)();
    else value = await value;
    if (value === undefined) {
      return { issues: [loadIssue(file, "the file has no default export: write `export default defineConfig({ ... })`", "config-export")] };
    }
    // Round-trip through JSON: the rest of the pipeline works on plain data, as for YAML.
    const plain = JSON.parse(JSON.stringify(value)) as unknown;
    return { doc: tsDocument(file, text, plain), issues: [] };
  } catch (err) {
    return { doc: tsDocument(file, text, undefined), issues: [loadIssue(file, `cannot load the TypeScript config: ${errorText(err)}`, "config-load")] };
  }
}

function errorText(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return scrubText(msg.split("\n")[0], []);
}

function loadIssue(file: string, message: string, code: string): ValidationIssue {
  return { severity: "error", code, path: "", message, file, line: 1, col: 1 };
}
