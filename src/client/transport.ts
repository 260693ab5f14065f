import { Agent, type Dispatcher } from "undici";
import type { ResponseHeaders } from "./retry.js";

/** One HTTP exchange, as the request pipeline hands it to the transport. */
export interface TransportRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Full path including any base-URL prefix and the query string. */
  path: string;
  headers: Record<string, string>;
  /** JSON text, when there is a body. */
  body?: string;
}

/** What came back; the body parsed as JSON when it is JSON, else the text (undefined when empty). */
export interface TransportResponse {
  status: number;
  headers: ResponseHeaders;
  body: unknown;
}

/** Thrown by {@link sendOnce} when the body is larger than the client's `maxResponseBytes`. */
export class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
  constructor(
    readonly status: number,
    readonly limit: number,
  ) {
    super(`the response is larger than ${limit} bytes`);
  }
}

/** Thrown by {@link sendOnce} when the per-attempt timer fired before the body was complete. */
export class AttemptTimeout extends Error {
  override name = "AttemptTimeout";
}

/**
 * The default dispatcher: an undici `Agent` (one keep-alive connection pool per origin), sized to the client's
 * concurrency so requests never queue inside undici behind our own limiter.
 */
export function createDefaultDispatcher(concurrency: number): Dispatcher {
  return new Agent({ connections: concurrency, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
}

/**
 * Sends one request and reads the whole body within `timeoutMs`, refusing more than `maxBytes` of it
 * ({@link BodyTooLarge}: a hostile or broken server must not fill memory). Throws {@link AttemptTimeout} on timeout and
 * undici's own error (with its `code`) on a network failure. Always consumes or destroys the body so the
 * connection goes back to the pool.
 */
export async function sendOnce(
  dispatcher: Dispatcher,
  origin: string,
  request: TransportRequest,
  timeoutMs: number,
  maxBytes: number = Number.POSITIVE_INFINITY,
): Promise<TransportResponse> {
  const controller = new AbortController();
  const timedOut = new AttemptTimeout(`timed out after ${timeoutMs} ms`);
  const timer = setTimeout(() => controller.abort(timedOut), timeoutMs);
  try {
    const response = await dispatcher.request({
      origin,
      path: request.path,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      // Our own timer covers headers and body; undici's would fire with less useful errors.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const text = await readCapped(response, maxBytes);
    return { status: response.statusCode, headers: response.headers, body: parseBody(text, response.headers) };
  } catch (error) {
    if (controller.signal.aborted) throw timedOut;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text, read chunk by chunk so that an oversized one is abandoned at the limit, not after. */
async function readCapped(response: Dispatcher.ResponseData, maxBytes: number): Promise<string> {
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    throw new BodyTooLarge(response.statusCode, maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.body.destroy();
      throw new BodyTooLarge(response.statusCode, maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(text: string, headers: ResponseHeaders): unknown {
  if (text === "") return undefined;
  const type = String(headers["content-type"] ?? "");
  if (type.includes("json") || /^\s*[[{"]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
