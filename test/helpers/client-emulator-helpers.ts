import { inspect } from "node:util";
import { afterEach } from "vitest";
import { startEmulator } from "../../src/testing.js";
import type { Emulator, EmulatorOptions, RequestLogEntry } from "../../src/emulator/types.js";
import { createTriggerClient, type TriggerClient, type TriggerClientOptions } from "../../src/client/index.js";

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

/** Anything a test opens and must close: a client, an emulator, a test server. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * Registers an afterEach that closes everything the test handed to the returned function, newest first (so a
 * client closes before the server it talks to), even when the test failed.
 */
export function useCleanup(): <T extends Closable>(thing: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
  });
  return (thing) => {
    open.push(thing);
    return thing;
  };
}

/** Client options for {@link EmulatorClientContext.start}; a function receives the emulator (for its credentials). */
export type ClientOverrides = Partial<TriggerClientOptions> | ((emulator: Emulator) => Partial<TriggerClientOptions>);

/** What {@link useEmulatorClient} gives a test file. */
export interface EmulatorClientContext {
  /** The current test's emulator; throws before {@link EmulatorClientContext.start}. */
  readonly emulator: Emulator;
  /** Starts a fresh emulator and an {@link emulatorClient} on it, both closed after the test. */
  start(emulatorOptions?: EmulatorOptions, clientOverrides?: ClientOverrides): Promise<{ emulator: Emulator; client: TriggerClient }>;
}

/**
 * One emulator and one client per test, closed after each test (client first). Call at the top of a test file.
 *
 * @example
 * const ctx = useEmulatorClient();
 * it("…", async () => {
 *   const { emulator, client } = await ctx.start({ rateLimit: false }, (e) => ({ credentials: { accessToken: e.credentials.accessToken } }));
 * });
 */
export function useEmulatorClient(): EmulatorClientContext {
  const closeAfterTest = useCleanup();
  let current: Emulator | undefined;
  afterEach(() => {
    current = undefined;
  });
  return {
    get emulator() {
      if (!current) throw new Error("useEmulatorClient: call start() first");
      return current;
    },
    async start(emulatorOptions = {}, clientOverrides = {}) {
      const emulator = closeAfterTest(await startEmulator(emulatorOptions));
      current = emulator;
      const client = closeAfterTest(emulatorClient(emulator, typeof clientOverrides === "function" ? clientOverrides(emulator) : clientOverrides));
      return { emulator, client };
    },
  };
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
