import type { IncomingMessage, ServerResponse } from "node:http";

/** Content type of every handler body: Remix `json()` (api-behaviour.md, "Status and body notation"). */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
/** Content type of the rate limiter's and the missing-header bodies (§1.7), as Express `res.send` sets it. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

/** A response a route produces; the server writes it. */
export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}

/** Shorthand for a JSON response. */
export function json(status: number, body: unknown, headers?: Record<string, string>): RouteResponse {
  return headers ? { status, body, headers } : { status, body };
}

/** Shorthand for `{"error": message}`. */
export function error(status: number, message: string, headers?: Record<string, string>): RouteResponse {
  return json(status, { error: message }, headers);
}

/** Reads the whole request body as text. */
export async function readBodyText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Parsed JSON body: `empty` when nothing was sent, `invalid` when it is not JSON. */
export type ParsedBody = { kind: "empty" } | { kind: "invalid" } | { kind: "json"; value: unknown };

/** Parses a request body as JSON without throwing. */
export function parseJsonBody(text: string): ParsedBody {
  if (text.trim() === "") return { kind: "empty" };
  try {
    return { kind: "json", value: JSON.parse(text) as unknown };
  } catch {
    return { kind: "invalid" };
  }
}

/** Writes a response with the given body and headers. */
export function writeResponse(res: ServerResponse, response: RouteResponse, extraHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { ...extraHeaders, ...response.headers };
  if (response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const text = typeof response.body === "string" && response.contentType ? response.body : JSON.stringify(response.body);
  headers["content-type"] = response.contentType ?? JSON_CONTENT_TYPE;
  headers["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(response.status, headers);
  res.end(text);
}

