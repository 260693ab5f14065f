import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

/**
 * The published Trigger.dev API contract, compiled with ajv at test time straight from the YAML file.
 *
 * The file lives in the repository (test/fixtures/trigger-openapi.yaml, a verbatim copy of the contract) so the
 * suite runs from any clone. OpenAPI 3.1 schemas are JSON Schema 2020-12, so the whole document is registered as
 * one schema with an `$id` and every response schema is compiled as a `$ref` (a JSON pointer) into it: the
 * `#/components/schemas/...` references inside resolve against the same document.
 */

/** Where the verbatim copy of the contract lives. */
export const OPENAPI_FIXTURE = fileURLToPath(new URL("../fixtures/trigger-openapi.yaml", import.meta.url));

const DOC_ID = "https://trigger-iac.test/trigger-openapi.json";

/** OpenAPI keywords that may appear inside a schema object but mean nothing to JSON Schema validation. */
const OPENAPI_SCHEMA_ANNOTATIONS = ["discriminator", "example", "xml", "externalDocs"];

/** What {@link OpenApiContract.validateResponse} checked, so a test can assert a schema was really applied. */
export interface ResponseCheck {
  /** `"schema"` when a body schema was applied; `"no-body-schema"` when the contract documents the status without one. */
  kind: "schema" | "no-body-schema";
  /** The response key that matched: the status itself, or `"default"`. */
  responseKey: string;
  /** The media type whose schema was applied (e.g. `application/json`). */
  mediaType?: string;
  /** JSON pointer of the applied schema inside the document. */
  pointer?: string;
}

interface OperationResponse {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}

type HttpMethod = "get" | "put" | "post" | "delete" | "patch" | "head" | "options";

/** A compiled contract; build it once per test file with {@link loadOpenApiContract}. */
export interface OpenApiContract {
  /** The parsed document (with `nullable` rewritten, see {@link normaliseNullable}). */
  readonly document: Record<string, unknown>;
  /**
   * Validates one response against the operation's schema for `status` (falling back to `default`).
   * Throws an Error with a readable message when the path, method, status or media type is not in the contract,
   * or when the body does not match the schema.
   */
  validateResponse(method: string, pathTemplate: string, status: number, contentType: string | null, body: unknown): ResponseCheck;
  /** Validates `body` against a named component schema (`#/components/schemas/<name>`); throws like validateResponse. */
  validateComponent(name: string, body: unknown): void;
  /** The statuses the contract documents for one operation (e.g. `["200","400","401"]`). */
  documentedStatuses(method: string, pathTemplate: string): string[];
}

/** JSON-pointer escaping of one segment (RFC 6901). */
function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * OpenAPI 3.0's `nullable: true` has no meaning in JSON Schema 2020-12, yet the contract still uses it (e.g.
 * `QueueObject.concurrencyLimit`, deployment `imageReference`). Rewrite it the way 3.1 spells it: add `"null"` to
 * `type` (and to `enum` when there is one); with no `type`, wrap the schema in `anyOf [schema, {type: null}]`.
 */
export function normaliseNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normaliseNullable);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = normaliseNullable(value);
  if (out.nullable === undefined) return out;
  const nullable = out.nullable === true;
  delete out.nullable;
  if (!nullable) return out;
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
  } else if (Array.isArray(out.type)) {
    if (!out.type.includes("null")) out.type = [...out.type, "null"];
  } else {
    return { anyOf: [out, { type: "null" }] };
  }
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `  - ${e.instancePath || "(root)"} ${e.message ?? e.keyword}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`)
    .join("\n");
}

function preview(body: unknown): string {
  const text = JSON.stringify(body);
  return text === undefined ? String(body) : text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** Parses the contract (by default the repository's fixture copy) and compiles validators lazily. */
export function loadOpenApiContract(file: string = OPENAPI_FIXTURE): OpenApiContract {
  const document = normaliseNullable(parse(readFileSync(file, "utf8"))) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, strictTypes: false, validateFormats: true });
  addFormatsModule.default(ajv);
  // OpenAPI-only annotations inside schemas, and the document's own top-level members (the whole document is
  // registered as one schema so that `#/components/...` refs resolve): tolerated, never validated. Every other
  // unknown keyword still fails compilation (ajv strict mode).
  for (const keyword of [...OPENAPI_SCHEMA_ANNOTATIONS, ...Object.keys(document).filter((k) => k !== "$id")]) {
    if (!ajv.getKeyword(keyword)) ajv.addKeyword({ keyword });
  }
  ajv.addSchema({ ...document, $id: DOC_ID });

  const cache = new Map<string, ValidateFunction>();
  const compile = (pointer: string): ValidateFunction => {
    let fn = cache.get(pointer);
    if (!fn) {
      fn = ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
      cache.set(pointer, fn);
    }
    return fn;
  };

  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  const findResponses = (method: string, pathTemplate: string): Record<string, OperationResponse> => {
    const item = paths[pathTemplate];
    if (!item) throw new Error(`OpenAPI: no path ${pathTemplate} in the contract`);
    const op = item[method.toLowerCase() as HttpMethod] as { responses?: Record<string, OperationResponse> } | undefined;
    if (!op) throw new Error(`OpenAPI: no ${method.toUpperCase()} operation on ${pathTemplate}`);
    return op.responses ?? {};
  };

  return {
    document,
    documentedStatuses(method, pathTemplate) {
      return Object.keys(findResponses(method, pathTemplate));
    },
    validateResponse(method, pathTemplate, status, contentType, body) {
      const where = `${method.toUpperCase()} ${pathTemplate} → ${status}`;
      const responses = findResponses(method, pathTemplate);
      const responseKey = String(status) in responses ? String(status) : "default" in responses ? "default" : undefined;
      if (!responseKey) {
        throw new Error(`OpenAPI: ${where} is not documented (documented: ${Object.keys(responses).join(", ")})`);
      }
      const content = responses[responseKey].content;
      if (!content || Object.keys(content).length === 0) return { kind: "no-body-schema", responseKey };
      const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
      if (!(mediaType in content)) {
        throw new Error(`OpenAPI: ${where} answered with content-type "${contentType ?? ""}", the contract documents ${Object.keys(content).join(", ")}`);
      }
      if (content[mediaType].schema === undefined) return { kind: "no-body-schema", responseKey, mediaType };
      const pointer = ["", "paths", pathTemplate, method.toLowerCase(), "responses", responseKey, "content", mediaType, "schema"]
        .map((s, i) => (i === 0 ? s : escapePointer(s)))
        .join("/");
      const validate = compile(pointer);
      if (!validate(body)) {
        throw new Error(`OpenAPI: ${where} body does not match the contract:\n${formatErrors(validate.errors)}\nbody: ${preview(body)}`);
      }
      return { kind: "schema", responseKey, mediaType, pointer };
    },
    validateComponent(name, body) {
      const validate = compile(`/components/schemas/${escapePointer(name)}`);
      if (!validate(body)) {
        throw new Error(`OpenAPI: body does not match #/components/schemas/${name}:\n${formatErrors(validate.errors)}\nbody: ${preview(body)}`);
      }
    },
  };
}
