import { describe, expect, it } from "vitest";
import * as S from "../src/client/response-schemas.js";
import type { ResponseSchema } from "../src/client/response-schemas.js";
import { loadOpenApiContract } from "./helpers/openapi.js";

/*
 * The client's response schemas (src/client/response-schemas.ts) are the contract's (test/fixtures/trigger-
 * openapi.yaml), reduced to what trigger-iac reads: every field they require, at every depth, is a field the
 * contract documents for that operation's 200 answer. So the client never refuses a documented answer for a
 * field the API does not promise. (Endpoints beyond the contract follow api-behaviour.md and the server's routes.)
 */

const contract = loadOpenApiContract();
const doc = contract.document;

type Json = Record<string, unknown>;

function resolve(node: unknown): Json {
  let n = node as Json;
  for (let i = 0; i < 20 && typeof n?.$ref === "string"; i++) {
    n = (n.$ref as string)
      .slice(2)
      .split("/")
      .reduce<unknown>((at, seg) => (at as Json)[seg.replace(/~1/g, "/").replace(/~0/g, "~")], doc) as Json;
  }
  return n;
}

/** Every property the contract's schema documents at this level (through $ref, allOf, anyOf, oneOf). */
function documented(node: unknown): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const visit = (raw: unknown) => {
    const n = resolve(raw);
    if (!n || typeof n !== "object") return;
    for (const [k, v] of Object.entries((n.properties ?? {}) as Json)) out.set(k, [...(out.get(k) ?? []), v]);
    for (const key of ["allOf", "anyOf", "oneOf"]) for (const sub of (n[key] as unknown[] | undefined) ?? []) visit(sub);
  };
  visit(node);
  return out;
}

/** Items schema(s) of an array in the contract (through combinators). */
function itemsOf(node: unknown): unknown[] {
  const n = resolve(node);
  const subs = ["allOf", "anyOf", "oneOf"].flatMap((k) => ((n?.[k] as unknown[] | undefined) ?? []).flatMap(itemsOf));
  return n?.items !== undefined ? [n.items, ...subs] : subs;
}

/** Required fields of ours that the contract does not document, as JSON paths. */
function undocumented(ours: ResponseSchema, theirs: unknown, path = ""): string[] {
  if (ours.type === "array" && ours.items) {
    const items = itemsOf(theirs);
    if (items.length === 0) return [`${path}[] (the contract has no array here)`];
    return undocumented(ours.items as ResponseSchema, { anyOf: items }, `${path}[]`);
  }
  const required = (ours.required as string[] | undefined) ?? [];
  const props = (ours.properties ?? {}) as Record<string, ResponseSchema>;
  const known = documented(theirs);
  return required.flatMap((field) => {
    const at = `${path}.${field}`;
    const candidates = known.get(field);
    if (!candidates) return [at];
    const sub = props[field];
    if (sub?.type === "object" || sub?.type === "array") return undocumented(sub, { anyOf: candidates }, at);
    return [];
  });
}

function responseSchema(method: string, path: string): unknown {
  const op = ((doc.paths as Json)[path] as Json)[method] as Json;
  return ((((op.responses as Json)["200"] as Json).content as Json)["application/json"] as Json).schema;
}

const PAIRS: [string, ResponseSchema, string, string][] = [
  ["ENV_VAR_LIST", S.ENV_VAR_LIST, "get", "/api/v1/projects/{projectRef}/envvars/{env}"],
  ["ENV_VAR_ITEM", S.ENV_VAR_ITEM, "get", "/api/v1/projects/{projectRef}/envvars/{env}/{name}"],
  ["SCHEDULE_PAGE", S.SCHEDULE_PAGE, "get", "/api/v1/schedules"],
  ["SCHEDULE", S.SCHEDULE, "get", "/api/v1/schedules/{schedule_id}"],
  ["SCHEDULE (create)", S.SCHEDULE, "post", "/api/v1/schedules"],
  ["SCHEDULE (activate)", S.SCHEDULE, "post", "/api/v1/schedules/{schedule_id}/activate"],
  ["QUEUE_PAGE", S.QUEUE_PAGE, "get", "/api/v1/queues"],
  ["QUEUE", S.QUEUE, "get", "/api/v1/queues/{queueParam}"],
  ["QUEUE (override)", S.QUEUE, "post", "/api/v1/queues/{queueParam}/concurrency/override"],
  ["DEPLOYMENT_DETAILS", S.DEPLOYMENT_DETAILS, "get", "/api/v1/deployments/{deploymentId}"],
  ["PROMOTE_RESULT", S.PROMOTE_RESULT, "post", "/api/v1/deployments/{version}/promote"],
  ["RUN_PAGE", S.RUN_PAGE, "get", "/api/v1/runs"],
  ["RUN_DETAILS", S.RUN_DETAILS, "get", "/api/v3/runs/{runId}"],
  ["TIMEZONES", S.TIMEZONES, "get", "/api/v1/timezones"],
];

describe("response schemas follow the contract", () => {
  for (const [name, ours, method, path] of PAIRS) {
    it(`${name}: every required field is documented for ${method.toUpperCase()} ${path}`, () => {
      expect(undocumented(ours, responseSchema(method, path))).toEqual([]);
    });
  }

  it("the check itself finds a field the contract does not document", () => {
    const invented = { type: "object", required: ["id", "inventedField"], properties: {} };
    expect(undocumented(invented, responseSchema("get", "/api/v1/schedules/{schedule_id}"))).toEqual([".inventedField"]);
  });
});
