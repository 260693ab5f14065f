import { inspect } from "node:util";
import type { Emulator, RequestLogEntry } from "../src/emulator/types.js";
import { createTriggerClient, type TriggerClient, type TriggerClientOptions } from "../src/client/index.js";

/** Fast retries and no client-side rate limiting unless a test asks for them. */
export const FAST_RETRY = { minDelayMs: 5, maxDelayMs: 20, jitter: 0 } as const;

/** A client for the emulator's first project; credentials default to its four secret keys. */
export function emulatorClient(emulator: Emulator, overrides: Partial<TriggerClientOptions> = {}): TriggerClient {
  return createTriggerClient({
    baseUrl: emulator.url,
    projectRef: emulator.credentials.projectRef,
    credentials: { secretKeys: emulator.credentials.secretKeys },
    retry: FAST_RETRY,
    rateLimit: false,
    ...overrides,
  });
}

/** Log entries for one method and path (path as sent, still encoded). */
export function hitsOf(emulator: Emulator, method: string, path: string): RequestLogEntry[] {
  return emulator.requests.filter((r) => r.method === method && r.path === path);
}

/** Every credential string and secret value the emulator knows, for leak scans. */
export function secretsOf(emulator: Emulator): string[] {
  return [emulator.credentials.accessToken, ...Object.values(emulator.credentials.secretKeys)];
}

/** Asserts that none of `secrets` appears in the error's string form, JSON form or stack. */
export function leakedSecrets(error: unknown, secrets: string[]): string[] {
  const err = error as Error;
  const surfaces = [String(err), JSON.stringify(err), err?.stack ?? "", JSON.stringify(Object.entries(err ?? {})), inspect(err, { depth: 5 })];
  return secrets.filter((s) => surfaces.some((text) => text.includes(s)));
}
