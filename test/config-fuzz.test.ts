import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { validateConfigText } from "../src/config/index.js";
import { prng } from "./helpers/prng.js";

const SEED = 20261125;
const CASES = 2000;

function examples(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...examples(p));
    else if (/\.ya?ml$/.test(n) && readFileSync(p, "utf8").startsWith("# yaml-language-server: $schema=")) out.push(p);
  }
  return out;
}

const sources = examples(join(import.meta.dirname, "..", "examples")).map((f) => readFileSync(f, "utf8"));
const parsed = new Map(sources.map((s) => [s, parse(s) as unknown]));
const GARBAGE = [":", "{", "}", "[", "]", '"', "'", "\t", "- ", "&a ", "*a", "!!binary ", "? ", "#", "\n", "  ", "---\n", "@", "%YAML 1.1\n", "é", "\u0000", "tr_pat_abcdefghijklmnopqrstu", "<<: *a\n", "|\n", ">-\n"];
const VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 100001, "", "   ", "x", "0 3 * * *", "@daily", "Europe/Londn", [], [1, "a"], {}, { value: "v", exists: true }, { fromEnv: "NOPE" }, "proj_abc", 1e21];

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** All container nodes of a parsed document, with their parent, for structural mutations. */
function containers(v: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (v && typeof v === "object") {
    out.push(v as Record<string, unknown>);
    for (const c of Object.values(v)) containers(c, out);
  }
  return out;
}

function mutateTree(r: Rand, text: string): string {
  const doc = structuredClone(parsed.get(text));
  const nodes = containers(doc);
  const rounds = 1 + Math.floor(r() * 3);
  for (let i = 0; i < rounds; i++) {
    const node = pick(r, nodes);
    const keys = Object.keys(node);
    if (keys.length === 0) continue;
    const key = pick(r, keys);
    switch (Math.floor(r() * 6)) {
      case 0: // delete
        delete node[key];
        break;
      case 1: // duplicate under a near-miss name
        node[`${key}${pick(r, ["s", "_", "X", ""])}`] = node[key];
        break;
      case 2: // retype
        node[key] = pick(r, VALUES);
        break;
      case 3: { // rename with a typo
        const v = node[key];
        delete node[key];
        const at = Math.floor(r() * (key.length + 1));
        node[key.slice(0, at) + pick(r, ["", "x", "-", " ", "/"]) + key.slice(at + 1)] = v;
        break;
      }
      case 4: { // swap two values
        const other = pick(r, keys);
        [node[key], node[other]] = [node[other], node[key]];
        break;
      }
      default: // wrap in a list
        node[key] = [node[key]];
    }
  }
  // JSON is YAML too: half the cases exercise flow-style positions (and skip the slower YAML stringifier).
  return r() < 0.5 ? JSON.stringify(doc, null, 2) : stringify(doc);
}

function mutateText(r: Rand, text: string): string {
  const lines = text.split("\n");
  switch (Math.floor(r() * 6)) {
    case 0:
      return text.slice(0, Math.floor(r() * text.length));
    case 1: {
      const at = Math.floor(r() * text.length);
      return text.slice(0, at) + pick(r, GARBAGE) + text.slice(at);
    }
    case 2: {
      const i = Math.floor(r() * lines.length);
      lines.splice(i, 0, lines[i]);
      return lines.join("\n");
    }
    case 3:
      lines.splice(Math.floor(r() * lines.length), 1);
      return lines.join("\n");
    case 4: {
      const i = Math.floor(r() * lines.length);
      lines[i] = (r() < 0.5 ? " " : "") + lines[i].replace(/^ /, "");
      return lines.join("\n");
    }
    default: {
      const i = Math.floor(r() * lines.length);
      const j = Math.floor(r() * lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join("\n");
    }
  }
}

describe("config fuzzing", () => {
  it(`survives ${CASES} seeded mutations of the examples with located issues only`, () => {
    expect(sources.length).toBeGreaterThan(0);
    const r = prng(SEED);
    const env = { STAGING_SLACK_WEBHOOK_URL: "x", PROD_SLACK_WEBHOOK_URL: "y" };
    let withIssues = 0;
    for (let n = 0; n < CASES; n++) {
      const base = pick(r, sources);
      const text = r() < 0.5 ? mutateTree(r, base) : mutateText(r, r() < 0.3 ? mutateText(r, base) : base);
      const file = `case-${n}.yaml`;
      let result: ReturnType<typeof validateConfigText>;
      try {
        result = validateConfigText(text, file, env);
      } catch (err) {
        throw new Error(`case ${n} threw ${String(err)} on:\n${text}`);
      }
      const lineCount = text.split("\n").length;
      for (const i of result.issues) {
        const ok = i.file === file && Number.isInteger(i.line) && Number.isInteger(i.col) && i.line >= 1 && i.col >= 1 && i.line <= lineCount && i.message.length > 0 && !i.message.includes("abcdefghijklmnopqrstu");
        if (!ok) throw new Error(`case ${n}: bad issue ${JSON.stringify(i)} on:\n${text}`);
      }
      if (result.issues.some((i) => i.severity === "error")) {
        withIssues++;
        expect(result.desired).toBeUndefined();
      } else {
        expect(result.desired).toBeDefined();
      }
    }
    // The mutations really exercise the error paths.
    expect(withIssues).toBeGreaterThan(CASES / 3);
  });
});
