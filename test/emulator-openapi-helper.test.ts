import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOpenApiContract, normaliseNullable, OPENAPI_FIXTURE } from "./helpers/openapi.js";
import { contract } from "./helpers/openapi-conformance.js";

// Self-tests of the contract helper that the conformance suite (emulator-openapi-*.test.ts) relies on.

describe("contract helper", () => {
  const tiny = `
openapi: 3.1.0
info: { title: tiny, version: "1" }
paths:
  /things/{id}:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Thing" }
        "204":
          description: no body
        default:
          description: any error
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Problem" }
components:
  schemas:
    Thing:
      type: object
      required: [id, size]
      discriminator: { propertyName: kind }
      externalDocs: { url: "https://example.com" }
      properties:
        id: { type: string, example: t_1 }
        size: { type: integer, nullable: true }
        at: { type: string, format: date-time }
        kind: { type: string, enum: [a, b], nullable: true }
    Problem:
      type: object
      required: [error]
      properties: { error: { type: string } }
`;
  let dir: string;
  let tinyContract: ReturnType<typeof loadOpenApiContract>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "openapi-helper-"));
    writeFileSync(join(dir, "tiny.yaml"), tiny);
    tinyContract = loadOpenApiContract(join(dir, "tiny.yaml"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("applies the status's schema, with nullable rewritten and OpenAPI annotations tolerated", () => {
    const ok = tinyContract.validateResponse("GET", "/things/{id}", 200, "application/json; charset=utf-8", { id: "t", size: null, kind: null });
    expect(ok).toMatchObject({ kind: "schema", responseKey: "200", mediaType: "application/json" });
    expect(() => tinyContract.validateResponse("get", "/things/{id}", 200, "application/json", { id: "t", size: 1.5, at: "yesterday" })).toThrow(
      /GET \/things\/\{id\} → 200 body does not match the contract:[\s\S]*\/size must be integer[\s\S]*\/at must match format "date-time"/,
    );
    expect(() => tinyContract.validateResponse("get", "/things/{id}", 200, "application/json", { id: "t" })).toThrow(/must have required property 'size'/);
  });

  it("falls back to default, and says when a status has no body schema", () => {
    expect(tinyContract.validateResponse("get", "/things/{id}", 503, "application/json", { error: "down" })).toMatchObject({ kind: "schema", responseKey: "default" });
    expect(() => tinyContract.validateResponse("get", "/things/{id}", 503, "application/json", { message: "down" })).toThrow(/required property 'error'/);
    expect(tinyContract.validateResponse("get", "/things/{id}", 204, null, undefined)).toEqual({ kind: "no-body-schema", responseKey: "204" });
  });

  it("refuses unknown paths, methods, statuses and media types", () => {
    expect(() => tinyContract.validateResponse("get", "/nope", 200, "application/json", {})).toThrow(/no path \/nope/);
    expect(() => tinyContract.validateResponse("delete", "/things/{id}", 200, "application/json", {})).toThrow(/no DELETE operation/);
    expect(() => tinyContract.validateResponse("get", "/things/{id}", 200, "text/html", {})).toThrow(/content-type "text\/html"/);
    expect(() => contract.validateResponse("get", "/api/v1/timezones", 418, "application/json", {})).toThrow(/418 is not documented \(documented: 200\)/);
  });

  it("rewrites nullable the way OpenAPI 3.1 spells it", () => {
    expect(normaliseNullable({ type: "string", nullable: true })).toEqual({ type: ["string", "null"] });
    expect(normaliseNullable({ type: "string", enum: ["a"], nullable: true })).toEqual({ type: ["string", "null"], enum: ["a", null] });
    expect(normaliseNullable({ $ref: "#/x", nullable: true })).toEqual({ anyOf: [{ $ref: "#/x" }, { type: "null" }] });
    expect(normaliseNullable({ type: "integer", nullable: false })).toEqual({ type: "integer" });
  });

  it("the repository's copy of the contract is the published file, verbatim (when the reference copy is present)", () => {
    const reference = new URL("../../shared/reference/trigger-openapi.yaml", import.meta.url);
    const fixture = readFileSync(OPENAPI_FIXTURE, "utf8");
    expect(fixture).toMatch(/^---\nopenapi: 3\.1\.0\n/);
    if (existsSync(reference)) expect(fixture).toBe(readFileSync(reference, "utf8"));
  });
});
