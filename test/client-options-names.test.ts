import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTriggerClient, type TriggerClientOptions } from "../src/client/index.js";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { FIXTURE_KEYS, FIXTURE_PROJECT, kindsSeed } from "./helpers/cli-harness.js";

// The library's client options (issue 12 item 14): `apiUrl`, the config file's name, with `baseUrl` as an
// alias; unknown options are refused instead of silently ignored (a misspelt URL option would talk to cloud).
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: kindsSeed() });
});
afterAll(async () => {
  await emulator?.close();
});

const base = { projectRef: FIXTURE_PROJECT, credentials: { secretKeys: FIXTURE_KEYS }, retry: false } as const;

describe("createTriggerClient options", () => {
  it("apiUrl points the client at a server, over real HTTP", async () => {
    const client = createTriggerClient({ ...base, apiUrl: emulator.url });
    try {
      emulator.clearRequests();
      const vars = await client.environment("prod").envVars.list();
      expect(vars.map((v) => v.name)).toContain("LOG_LEVEL");
      expect(client.baseUrl).toBe(emulator.url);
      expect(emulator.requests).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it("baseUrl still works as an alias; both with different values is refused", async () => {
    const client = createTriggerClient({ ...base, baseUrl: emulator.url });
    try {
      emulator.clearRequests();
      await client.environment("staging").envVars.list();
      expect(emulator.requests).toHaveLength(1);
    } finally {
      await client.close();
    }
    const same = createTriggerClient({ ...base, apiUrl: emulator.url, baseUrl: emulator.url });
    await same.close();
    expect(() => createTriggerClient({ ...base, apiUrl: emulator.url, baseUrl: "https://api.trigger.dev" })).toThrow(
      "apiUrl and baseUrl (its alias) disagree",
    );
  });

  it("rejects unknown options, naming them and the likely meant one", () => {
    const misspelt = { ...base, apiURL: emulator.url } as unknown as TriggerClientOptions;
    expect(() => createTriggerClient(misspelt)).toThrow(TypeError);
    expect(() => createTriggerClient(misspelt)).toThrow("unknown option apiURL (did you mean apiUrl?)");
    const other = { ...base, retries: 3, token: "x" } as unknown as TriggerClientOptions;
    expect(() => createTriggerClient(other)).toThrow("unknown options retries, token; known: apiUrl, baseUrl");
    expect(() => createTriggerClient({ ...base, apiUrl: "ftp://x" })).toThrow("apiUrl must be http(s)");
  });
});
