import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// src/config depends on src/model only (style.md, import direction) and the leaves src/secrets (the one redactor)
// and src/util (small helpers written once), which import nothing, never on Pulumi, and reads no process environment: values come in through `env`.
const root = join(import.meta.dirname, "..");
const configDir = join(root, "src/config");

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^"';]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
}

/** Every module reachable from src/config through relative imports, and every bare specifier they use. */
function closure(): { files: string[]; bare: Set<string> } {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const todo = readdirSync(configDir).filter((f) => f.endsWith(".ts")).map((f) => join(configDir, f));
  while (todo.length > 0) {
    const f = todo.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const spec of importsOf(f)) {
      if (spec.startsWith(".")) todo.push(resolve(dirname(f), spec).replace(/\.js$/, ".ts"));
      else bare.add(spec);
    }
  }
  return { files: [...seen].map((f) => relative(root, f)).sort(), bare };
}

describe("src/config boundaries", () => {
  const { files, bare } = closure();

  it("reaches only src/config, src/model and the leaves src/secrets and src/util", () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => !/^src\/(config|model|secrets|util)\//.test(f))).toEqual([]);
  });

  it("never imports @pulumi/pulumi, directly or indirectly, and only the declared dependencies", () => {
    expect([...bare].filter((b) => b.startsWith("@pulumi"))).toEqual([]);
    const allowed = /^(node:.*|yaml|ajv|cron-parser|jiti)$/;
    expect([...bare].filter((b) => !allowed.test(b))).toEqual([]);
  });

  it("neither reads process.env nor prints", () => {
    for (const f of files) {
      const text = readFileSync(join(root, f), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      // One module swaps the environment out while yaml parses (so yaml neither prints tokens nor scans the
      // environment per token); it reads no variable of it.
      const swap = f === "src/config/yaml-quiet.ts";
      expect(text, f).not.toMatch(swap ? /process\.env[.[]|console\.|process\.exit/ : /process\.env|console\.|process\.exit/);
    }
  });
});
