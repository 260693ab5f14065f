import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";

// style.md: "Import direction: model depends on nothing; config and engine only on model; client on nothing
// internal; live on client, model, engine types; pulumi and cli on anything." The client may use the
// model's environment constants (key prefixes, slugs); the emulator stands apart and may use the model too.
// `secrets` (the one redactor, issue 9) is a leaf that imports nothing, so every layer may use it.
const ALLOWED: Record<string, readonly string[]> = {
  secrets: [],
  model: ["secrets"],
  config: ["model", "secrets"],
  engine: ["model", "secrets"],
  render: ["model", "engine", "secrets"],
  client: ["model", "secrets"],
  live: ["client", "model", "engine", "secrets"],
  emulator: ["model"],
  pulumi: ["*"],
  cli: ["*"],
};

/** Folders whose code must stay pure: no I/O modules at all. */
const PURE = new Set(["model", "engine", "render", "secrets"]);
const IO_MODULES = /^(node:)?(fs|fs\/promises|http|https|net|child_process|dgram|tls|worker_threads)$|^undici$/;

const SRC = resolve(__dirname, "../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/g)].map((m) => m[1]);
  const dynamic = [...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  return [...specs, ...dynamic];
}

const folderOf = (file: string) => relative(SRC, file).split("/")[0];

describe("architecture", () => {
  const files = sourceFiles(SRC).filter((f) => relative(SRC, f).includes("/"));

  it("keeps the import direction of style.md", () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      const allowed = ALLOWED[from];
      if (!allowed) {
        violations.push(`${relative(SRC, file)}: folder '${from}' has no rule in this test`);
        continue;
      }
      for (const spec of importsOf(file)) {
        if (!spec.startsWith(".")) continue;
        const to = folderOf(resolve(dirname(file), spec));
        if (to === from || allowed.includes("*") || allowed.includes(to)) continue;
        violations.push(`${relative(SRC, file)} imports ${spec} (${from} -> ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps model, engine and render free of I/O", () => {
    const violations = files
      .filter((f) => PURE.has(folderOf(f)))
      .flatMap((f) => importsOf(f).filter((s) => IO_MODULES.test(s)).map((s) => `${relative(SRC, f)} imports ${s}`));
    expect(violations).toEqual([]);
  });

  it("keeps src/secrets a leaf: no imports at all, not even Node built-ins", () => {
    const violations = files
      .filter((f) => folderOf(f) === "secrets")
      .flatMap((f) => importsOf(f).map((s) => `${relative(SRC, f)} imports ${s}`));
    expect(files.some((f) => folderOf(f) === "secrets")).toBe(true);
    expect(violations).toEqual([]);
  });

  it("keeps the Pulumi providers off the CLI: nothing in src/pulumi imports src/cli (issue 14)", () => {
    const pulumiFiles = files.filter((f) => folderOf(f) === "pulumi");
    const violations = pulumiFiles.flatMap((f) =>
      importsOf(f)
        .filter((s) => s.startsWith(".") && folderOf(resolve(dirname(f), s)) === "cli")
        .map((s) => `${relative(SRC, f)} imports ${s}`),
    );
    expect(pulumiFiles.length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it("imports @pulumi/pulumi only from src/pulumi", () => {
    const violations = sourceFiles(SRC)
      .filter((f) => folderOf(f) !== "pulumi")
      .flatMap((f) => importsOf(f).filter((s) => s.startsWith("@pulumi/")).map((s) => `${relative(SRC, f)} imports ${s}`));
    expect(violations).toEqual([]);
  });

  it("names every source file and folder in kebab-case, like the rest of src/", () => {
    // A file's name is lower-case words joined by '-', with dotted suffixes such as `.generated.ts`.
    const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
    const files = sourceFiles(SRC);
    const violations = files.map((f) => relative(SRC, f)).filter((path) => !path.split("/").every((segment) => KEBAB.test(segment)));
    expect(files.length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });
});
