import { describe, expect, it } from "vitest";
import { CredentialError, HttpError, sanitizeBranchName } from "../src/client/index.js";
import { emulatorClient, leakedSecrets, secretsOf, useEmulatorClient } from "./helpers/client-emulator-helpers.js";

// previewBranch: x-trigger-branch on preview requests only (api-behaviour.md §1.1, §1.2, §1.5).
const ctx = useEmulatorClient();

async function refusal(pending: Promise<unknown>): Promise<CredentialError> {
  const error = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CredentialError);
  return error as CredentialError;
}

describe("with previewBranch", () => {
  it("sends x-trigger-branch (refs/heads/ stripped) on preview requests only", async () => {
    const { emulator, client } = await ctx.start({ rateLimit: false }, { previewBranch: "refs/heads/feature-x" });
    await client.environment("preview").schedules.list();
    await client.environment("preview").envVars.create({ name: "FROM_BRANCH", value: "1" });
    await client.environment("preview").queues.list();
    await client.environment("prod").schedules.list();
    await client.environment("staging").envVars.list();

    const preview = emulator.requests.filter((r) => r.environment === "preview");
    expect(preview).toHaveLength(3);
    expect(preview.every((r) => r.branch === "feature-x" && r.status === 200)).toBe(true);
    const others = emulator.requests.filter((r) => r.environment !== "preview");
    expect(others.map((r) => r.environment)).toEqual(["prod", "staging"]);
    expect(others.every((r) => r.branch === undefined)).toBe(true);
    expect(emulator.admin.snapshot().projects[0]!.environments.preview!.branchEnvVars!["feature-x"]!.FROM_BRANCH).toEqual({ value: "1", secret: false });
  });

  it("with a PAT: the key lookup carries no header, the requests made with the looked-up key do", async () => {
    const { emulator, client } = await ctx.start({ rateLimit: false }, (e) => ({ credentials: { accessToken: e.credentials.accessToken }, previewBranch: "feature-x" }));
    await client.environment("preview").deployments.current();
    await client.environment("preview").envVars.list();
    const ref = emulator.credentials.projectRef;
    expect(emulator.requests.map((r) => [r.path, r.auth, r.branch ?? null, r.status])).toEqual([
      [`/api/v1/projects/${ref}/preview`, "pat", null, 200],
      ["/api/v1/deployments/current", "secretKey", "feature-x", 404],
      [`/api/v1/projects/${ref}/envvars/preview`, "pat", "feature-x", 200],
    ]);
  });

  it("a branch the server does not know comes back as the API's own 401", async () => {
    const { client } = await ctx.start({ rateLimit: false }, { previewBranch: "unknown-branch" });
    // The queue routes resolve the key through rbac's bearer resolver, which names the reason; the legacy schedule
    // routes answer the same key with their one "Invalid or Missing API Key" (emulator-fidelity.test.ts, item 2).
    const error = await client.environment("preview").queues.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(401);
    expect((error as HttpError).error).toBe("No matching branch env");
    const legacy = await client.environment("preview").schedules.list().catch((e: unknown) => e);
    expect((legacy as HttpError).status).toBe(401);
    expect((legacy as HttpError).error).toBe("Invalid or Missing API Key");
  });
});

describe("without previewBranch", () => {
  it("refuses every preview request made with a preview secret key, before sending anything", async () => {
    const { emulator, client } = await ctx.start({ rateLimit: false });
    const preview = client.environment("preview");
    const calls = [
      preview.schedules.list(),
      preview.queues.list(),
      preview.deployments.current(),
      preview.envVars.list(),
      preview.envVars.create({ name: "X", value: "y" }),
      preview.envVars.runtimeValues(),
    ];
    for (const pending of calls) {
      const error = await refusal(pending);
      expect(error.variables).toEqual(["TRIGGER_PREVIEW_BRANCH"]);
      expect(error.message).toContain("set TRIGGER_PREVIEW_BRANCH");
      expect(error.environment).toBe("preview");
      expect(leakedSecrets(error, secretsOf(emulator))).toEqual([]);
    }
    expect(emulator.requests).toHaveLength(0);
    // Other environments are untouched by the rule.
    await client.environment("prod").schedules.list();
    expect(emulator.requests.map((r) => [r.environment, r.branch ?? null])).toEqual([["prod", null]]);
  });

  it("with a PAT: secret-key routes are refused before the key lookup; env var routes act on the parent preview environment", async () => {
    const { emulator, client } = await ctx.start({ rateLimit: false }, (e) => ({ credentials: { accessToken: e.credentials.accessToken } }));
    const preview = client.environment("preview");
    await refusal(preview.schedules.list());
    await refusal(preview.envVars.runtimeValues());
    expect(emulator.requests).toHaveLength(0);

    await preview.envVars.create({ name: "PARENT_VAR", value: "p" });
    expect((await preview.envVars.list()).map((v) => v.name)).toContain("PARENT_VAR");
    // The key lookup itself needs no branch either.
    expect(await client.projects.environmentKey("preview")).toBe(emulator.credentials.secretKeys.preview);
    expect(emulator.requests.every((r) => r.auth === "pat" && r.branch === undefined && r.status === 200)).toBe(true);
    expect(emulator.requests).toHaveLength(3);
  });
});

describe("branch names", () => {
  it("sanitizeBranchName strips refs/heads/ and refuses other refs and empty names", () => {
    expect(sanitizeBranchName("refs/heads/feature/x")).toBe("feature/x");
    expect(sanitizeBranchName(" main ")).toBe("main");
    expect(() => sanitizeBranchName("refs/tags/v1.0.0")).toThrow("is a git ref but not a branch");
    expect(() => sanitizeBranchName("refs/pull/12/merge")).toThrow(TypeError);
    expect(() => sanitizeBranchName("refs/heads/")).toThrow("empty");
  });

  it("createTriggerClient refuses a previewBranch that is not a branch; environment() refuses such a branch", async () => {
    const { emulator, client } = await ctx.start({ rateLimit: false });
    expect(() => emulatorClient(emulator, { previewBranch: "refs/tags/v1" })).toThrow("createTriggerClient: previewBranch: The preview branch 'refs/tags/v1'");
    expect(() => client.environment("preview", { branch: "refs/pull/1/merge" })).toThrow(TypeError);
    // An explicit branch overrides previewBranch (and is sanitised the same way).
    await client.environment("preview", { branch: "refs/heads/feature-x" }).queues.list();
    expect(emulator.requests.map((r) => [r.branch, r.status])).toEqual([["feature-x", 200]]);
  });
});
