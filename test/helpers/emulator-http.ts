import type { Emulator } from "../../src/testing.js";

/** A response as the emulator tests look at it. */
export interface CallResult {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the raw text. */
  body: any;
  text: string;
}

/** One HTTP request to the emulator over loopback; `token` becomes `Authorization: Bearer <token>`. */
export async function call(
  emulator: Emulator,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${emulator.url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
