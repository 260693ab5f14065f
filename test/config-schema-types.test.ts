import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The published JSON Schema and the TypeScript types of the file shape (src/config/types.ts) describe the same
// thing twice. This test derives, from each, every property path with its JSON types and whether it is
// required, and compares: changing one without the other fails here.

const root = join(import.meta.dirname, "..");
type Shape = Map<string, { types: Set<string>; required: boolean | "n/a" }>;

function add(shape: Shape, path: string, types: Iterable<string>, required: boolean | "n/a"): void {
  const cur = shape.get(path);
  if (!cur) shape.set(path, { types: new Set(types), required });
  else {
    for (const t of types) cur.types.add(t);
    if (cur.required !== required) cur.required = "n/a";
  }
}

// ---- from TypeScript ----
function fromTypes(): Shape {
  const file = join(root, "src/config/types.ts");
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es5.d.ts"], types: [], noResolve: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error("types.ts not found");
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "TriggerIacConfig");
  if (!decl) throw new Error("TriggerIacConfig not found");
  const shape: Shape = new Map();
  const jsonTypes = (t: ts.Type): string[] => {
    if (t.isUnion()) return t.types.flatMap(jsonTypes);
    if (t.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) return ["string"];
    if (t.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return ["number"];
    if (t.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return ["boolean"];
    if (t.flags & ts.TypeFlags.Null) return ["null"];
    if (checker.isArrayType(t)) return ["array"];
    if (t.flags & ts.TypeFlags.Undefined) return [];
    return ["object"];
  };
  const walk = (t: ts.Type, path: string, depth: number): void => {
    if (depth > 12) throw new Error(`too deep at ${path}`);
    // Arrays are leaves here (their items are checked by the schema's own keywords).
    const members = (t.isUnion() ? t.types : [t]).filter((m) => jsonTypes(m).includes("object"));
    const union = members.length > 1;
    for (const m of members) {
      const index = checker.getIndexInfoOfType(m, ts.IndexKind.String);
      if (index) {
        const p = `${path}.*`;
        add(shape, p, jsonTypes(index.type), "n/a");
        walk(index.type, p, depth + 1);
      }
      for (const prop of checker.getPropertiesOfType(m)) {
        const pt = checker.getTypeOfSymbol(prop);
        const p = `${path}.${prop.name}`;
        const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
        add(shape, p, jsonTypes(pt), union ? "n/a" : !optional);
        walk(checker.getNonNullableType(pt), p, depth + 1);
      }
    }
  };
  walk(checker.getTypeAtLocation(decl.name), "$", 0);
  return shape;
}

// ---- from the JSON Schema ----
type Node = Record<string, any>;
function fromSchema(): Shape {
  const schema = JSON.parse(readFileSync(join(root, "schemas/trigger-iac.schema.json"), "utf8")) as Node;
  const resolve = (n: Node): Node => (typeof n.$ref === "string" ? resolve(n.$ref.slice(2).split("/").reduce((o: Node, k: string) => o[k], schema)) : n);
  const shape: Shape = new Map();
  const typesOf = (n: Node): string[] => {
    const r = resolve(n);
    if (r.anyOf) return (r.anyOf as Node[]).flatMap(typesOf);
    if ("const" in r) return [typeof r.const === "number" ? "number" : typeof r.const];
    const t = r.type === undefined ? ["object"] : Array.isArray(r.type) ? r.type : [r.type];
    return t.map((x: string) => (x === "integer" ? "number" : x));
  };
  const walk = (n: Node, path: string, depth: number): void => {
    if (depth > 12) throw new Error(`too deep at ${path}`);
    const r = resolve(n);
    const branches: Node[] = r.anyOf ? (r.anyOf as Node[]).map(resolve) : [r];
    const union = branches.filter((b) => typesOf(b).includes("object")).length > 1 || Array.isArray(r.oneOf);
    for (const b of branches) {
      const required = new Set<string>(b.required ?? []);
      const bUnion = union || Array.isArray(b.oneOf);
      for (const [k, v] of Object.entries((b.properties ?? {}) as Record<string, Node>)) {
        const p = `${path}.${k}`;
        add(shape, p, typesOf(v), bUnion ? "n/a" : required.has(k));
        walk(v, p, depth + 1);
      }
      if (b.additionalProperties && typeof b.additionalProperties === "object") {
        const p = `${path}.*`;
        add(shape, p, typesOf(b.additionalProperties), "n/a");
        walk(b.additionalProperties, p, depth + 1);
      }
    }
  };
  walk(schema, "$", 0);
  return shape;
}

function describeShape(shape: Shape): string[] {
  return [...shape].map(([p, v]) => `${p}: ${[...v.types].sort().join("|")}${v.required === true ? " (required)" : ""}`).sort();
}

describe("schema and TypeScript types", () => {
  it("describe the same paths, types and required keys", () => {
    const fromTs = describeShape(fromTypes());
    const fromJson = describeShape(fromSchema());
    expect(fromTs.length).toBeGreaterThan(30);
    expect(fromJson).toEqual(fromTs);
  });

  it("documents every property for editors", () => {
    const schema = JSON.parse(readFileSync(join(root, "schemas/trigger-iac.schema.json"), "utf8")) as Node;
    const missing: string[] = [];
    const visit = (n: unknown, path: string): void => {
      if (!n || typeof n !== "object") return;
      const node = n as Node;
      if (node.properties) {
        for (const [k, v] of Object.entries(node.properties as Record<string, Node>)) {
          if (typeof v.description !== "string" || v.description.length < 10) missing.push(`${path}.${k}`);
        }
      }
      for (const [k, v] of Object.entries(node)) visit(v, `${path}.${k}`);
    };
    visit(schema, "$");
    expect(missing).toEqual([]);
  });
});
