import { readFileSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { ValidationIssue } from "../model/source.js";
import type { EnvSource } from "./env-vars.js";
import { readTsConfig } from "./ts-loader.js";
import type { LoadResult, ReadDocument, ValidateOptions } from "./validate.js";
import { validateDocuments } from "./validate.js";
import { parseYaml } from "./yaml-positions.js";

/** Options for {@link loadConfig}. */
export interface LoadOptions extends ValidateOptions {
  /**
   * Config files or directories (the CLI's `-f`, repeatable). A directory loads every `*.yaml` / `*.yml` in
   * it, sorted by name. @default trigger-iac.yaml in `cwd`, else trigger-iac.config.ts
   */
  files?: string[];
  /** Directory that relative paths and the default file are resolved from. @default the current directory */
  cwd?: string;
  /** The process environment, for `fromEnv` values. Injected: nothing here reads `process.env`. @default {} */
  env?: EnvSource;
}

/** Default file names, in order of preference. */
export const DEFAULT_CONFIG_FILES = ["trigger-iac.yaml", "trigger-iac.yml", "trigger-iac.config.ts"] as const;

const TS_EXTENSIONS = /\.(ts|mts|cts|js|mjs|cjs)$/;

/**
 * Reads, validates and merges the config files into the desired state. Every problem in every file is
 * returned at once, each with file:line:col; `desired` is present only when there is no error.
 *
 * @example
 * const { desired, issues } = await loadConfig({ files: ["trigger-iac.yaml"], cwd, env: process.env });
 */
export async function loadConfig(options: LoadOptions = {}): Promise<LoadResult> {
  const cwd = options.cwd ?? ".";
  const issues: ValidationIssue[] = [];
  const paths = resolveFiles(options.files, cwd, issues);
  const read: ReadDocument[] = [];
  for (const abs of paths) {
    const shown = displayPath(abs, cwd);
    if (TS_EXTENSIONS.test(abs)) read.push(await readTsConfig(shown, abs));
    else read.push(readYamlFile(shown, abs));
  }
  if (issues.length > 0) read.unshift({ issues });
  return validateDocuments(read, options.env ?? {}, options);
}

function readYamlFile(shown: string, abs: string): ReadDocument {
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : `cannot read the file (${(err as Error).message})`;
    return { issues: [fileIssue(shown, why, "file-unreadable")] };
  }
  return parseYaml(text, shown);
}

/** Expands directories and applies the default; missing paths become issues. */
function resolveFiles(files: readonly string[] | undefined, cwd: string, issues: ValidationIssue[]): string[] {
  if (!files || files.length === 0) {
    for (const name of DEFAULT_CONFIG_FILES) {
      const abs = resolve(cwd, name);
      if (isFile(abs)) return [abs];
    }
    issues.push(fileIssue("trigger-iac.yaml", "no trigger-iac.yaml or trigger-iac.config.ts in this directory: create one, or pass -f FILE", "config-not-found"));
    return [];
  }
  const out: string[] = [];
  for (const f of files) {
    const abs = resolve(cwd, f);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      issues.push(fileIssue(displayPath(abs, cwd), "file not found", "file-unreadable"));
      continue;
    }
    if (!isDir) {
      if (!out.includes(abs)) out.push(abs);
      continue;
    }
    const entries = readdirSync(abs).filter((n) => /\.ya?ml$/.test(n) && isFile(join(abs, n))).sort();
    if (entries.length === 0) issues.push(fileIssue(displayPath(abs, cwd), "the directory has no *.yaml or *.yml file", "config-not-found"));
    for (const n of entries) if (!out.includes(join(abs, n))) out.push(join(abs, n));
  }
  return out;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Paths under `cwd` are shown relative to it (as the user typed them), others absolute. */
function displayPath(abs: string, cwd: string): string {
  const rel = relative(resolve(cwd), abs);
  return rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel) ? abs : rel;
}

function fileIssue(file: string, message: string, code: string): ValidationIssue {
  return { severity: "error", code, path: "", message, file, line: 1, col: 1 };
}
