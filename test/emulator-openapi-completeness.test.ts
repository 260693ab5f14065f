import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadOpenApiContract } from "./helpers/openapi.js";
import { IN_SCOPE_PATHS, OPENAPI_FAMILIES, UNREACHABLE_ROWS } from "./helpers/openapi-rows.js";

// The conformance suite (emulator-openapi-*.test.ts) leaves no documented (operation, status) in scope untested.
// Each family file proves at its end that it validated exactly the rows it declares in helpers/openapi-rows.ts;
// this file checks those declarations against the contract, so it does not depend on which file ran first.

const contract = loadOpenApiContract();
const families = Object.entries(OPENAPI_FAMILIES);
const declared = new Set(families.flatMap(([, family]) => family.rows));

describe("completeness", () => {
  it("every documented (operation, status) in scope is exercised by a family file, or is explained as unreachable", () => {
    const missing: string[] = [];
    const paths = contract.document.paths as Record<string, Record<string, unknown>>;
    for (const template of IN_SCOPE_PATHS) {
      const item = paths[template];
      expect(item, template).toBeDefined();
      for (const method of Object.keys(item).filter((m) => ["get", "post", "put", "delete"].includes(m))) {
        for (const status of contract.documentedStatuses(method, template)) {
          const id = `${method.toUpperCase()} ${template} ${status}`;
          if (!declared.has(id) && !(id in UNREACHABLE_ROWS)) missing.push(id);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(declared.size).toBeGreaterThan(80);
  });

  it("declares only documented rows in scope, each in one family, none also listed as unreachable", () => {
    const rows = families.flatMap(([, family]) => family.rows);
    expect(rows.length).toBe(declared.size);
    for (const row of [...declared, ...Object.keys(UNREACHABLE_ROWS)]) {
      const [method, template, status] = row.split(" ");
      expect(IN_SCOPE_PATHS, row).toContain(template);
      expect(contract.documentedStatuses(method, template), row).toContain(status);
    }
    for (const row of Object.keys(UNREACHABLE_ROWS)) expect(declared.has(row), row).toBe(false);
  });

  it("every family's declaration is checked by its own file", () => {
    for (const [name, family] of families) {
      const file = new URL(`./${family.file}`, import.meta.url);
      expect(existsSync(file), family.file).toBe(true);
      expect(readFileSync(file, "utf8"), family.file).toContain(`coversDeclaredRows("${name}", oa);`);
    }
  });
});
