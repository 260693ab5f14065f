import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import { CONFORMANCE_SEED, coversDeclaredRows, expectSchema, KEYS, PAT, REF, UNKNOWN_KEY, useConformanceEmulator } from "./helpers/openapi-conformance.js";
import type { Obj } from "./helpers/openapi-conformance.js";

// OpenAPI conformance of the environment-variable endpoints; the deviations are listed in helpers/openapi-conformance.ts.

const oa = useConformanceEmulator();
const { call, conform, validate } = oa;
const { envVarIn } = oa;

describe("envvars", () => {
  const LIST = "/api/v1/projects/{projectRef}/envvars/{env}";
  const IMPORT = "/api/v1/projects/{projectRef}/envvars/{env}/import";
  const ONE = "/api/v1/projects/{projectRef}/envvars/{env}/{name}";
  const base = `/api/v1/projects/${REF}/envvars/prod`;
  const WRONG_REF = "Invalid project ref for this API key. Make sure you are using an API key associated with that project.";

  it("GET …/envvars/{env} → 200 ListEnvironmentVariablesResponse (secrets redacted, §2.1)", async () => {
    const res = await call("GET", base);
    expectSchema(conform("get", LIST, 200, res));
    const vars = res.body as Obj[];
    expect(vars).toContainEqual({ name: "DATABASE_URL", value: "postgres://db", isSecret: false });
    expect(vars).toContainEqual({ name: "STRIPE_KEY", value: "<redacted>", isSecret: true });
  });

  it("GET …/envvars/{env} → 200 with a PAT, for the slug `stg` and its alias `staging` (§1.2)", async () => {
    // Deviation (request side): the contract's {env} enum is [dev, staging, prod]; the server's slug is an
    // unconstrained string whose database value for staging is `stg` (`staging` is aliased), plus `preview`.
    for (const slug of ["stg", "staging"]) {
      const res = await call("GET", `/api/v1/projects/${REF}/envvars/${slug}`, { token: PAT });
      expectSchema(conform("get", LIST, 200, res));
      expect(res.body).toEqual([{ name: "STAGING_ONLY", value: "stg-value", isSecret: false }]);
    }
  });

  it("GET …/envvars/{env} → 400 (key of another project, §1.3)", async () => {
    const res = await call("GET", "/api/v1/projects/proj_someoneelse000000000/envvars/prod");
    expectSchema(conform("get", LIST, 400, res));
    expect((res.body as Obj).error).toBe(WRONG_REF);
  });

  it("GET …/envvars/{env} → 400 (another environment's slug with an x-trigger-branch header, or in strict mode, §1.3)", async () => {
    const SLUG = "Invalid environment slug for this API key. Make sure you are using an API key associated with that environment.";
    // Without the header the key silently acts on its own environment (§0.1)…
    const silent = await call("GET", `/api/v1/projects/${REF}/envvars/stg`);
    expectSchema(conform("get", LIST, 200, silent));
    expect((silent.body as Obj[]).map((v) => v.name)).toContain("DATABASE_URL");
    // …with one, the slug check fires.
    const branched = await call("GET", `/api/v1/projects/${REF}/envvars/stg`, { headers: { "x-trigger-branch": "feature-x" } });
    expectSchema(conform("get", LIST, 400, branched));
    expect((branched.body as Obj).error).toBe(SLUG);
    const strict = await startEmulator({ seed: CONFORMANCE_SEED, rateLimit: false, envSlugMode: "strict" });
    try {
      const res = await fetch(`${strict.url}/api/v1/projects/${REF}/envvars/stg`, { headers: { authorization: `Bearer ${KEYS.prod}` } });
      const body = (await res.json()) as unknown;
      expectSchema(validate("get", LIST, res.status, res.headers.get("content-type"), body));
      expect(res.status).toBe(400);
      expect((body as Obj).error).toBe(SLUG);
    } finally {
      await strict.close();
    }
  });

  it("GET …/envvars/{env} → 401", async () => {
    const res = await call("GET", base, { token: UNKNOWN_KEY });
    expectSchema(conform("get", LIST, 401, res));
    expect((res.body as Obj).error).toBe("Invalid API key");
  });

  it("GET …/envvars/{env} → 401 without an Authorization header is problem+json (§1.7)", async () => {
    const res = await call("GET", base, { token: null });
    expect(res.status).toBe(401);
    // Deviation: the limiter answers before the route, as application/problem+json; the contract documents
    // application/json only. The body still carries `error`, so it satisfies the documented ErrorResponse.
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(() => validate("get", LIST, 401, res.contentType, res.body)).toThrow(/content-type/);
    expectSchema(validate("get", LIST, 401, "application/json", res.body));
    expect(res.body).toMatchObject({ title: "Unauthorized", status: 401, error: "No authorization header provided" });
  });

  it("GET …/envvars/{env} → 404 (PAT, unknown project)", async () => {
    const res = await call("GET", "/api/v1/projects/proj_doesnotexist00000000/envvars/prod", { token: PAT });
    expectSchema(conform("get", LIST, 404, res));
    expect((res.body as Obj).error).toBe("Project not found");
  });

  it("POST …/envvars/{env} → 200 SucceedResponse (an upsert, §2.2)", async () => {
    const res = await call("POST", base, { body: { name: "OA_CREATED", value: "one" } });
    expectSchema(conform("post", LIST, 200, res));
    expect(res.body).toEqual({ success: true });
    const again = await call("POST", base, { body: { name: "OA_CREATED", value: "two" } });
    expectSchema(conform("post", LIST, 200, again));
    expect(envVarIn("prod", "OA_CREATED")).toMatchObject({ value: "two" });
  });

  it("POST …/envvars/{env} → 400 InvalidEnvVarsRequestResponse", async () => {
    const res = await call("POST", base, { body: { name: "OA_NO_VALUE" } });
    expectSchema(conform("post", LIST, 400, res));
    expect((res.body as Obj).error).toBe("Invalid request body");
    expect(Array.isArray((res.body as Obj).issues)).toBe(true);
    const blank = await call("POST", base, { body: { name: "OA_BLANK", value: "   " } });
    expectSchema(conform("post", LIST, 400, blank));
    expect((blank.body as Obj).error).toBe("You must set at least one valid variable.");
  });

  it("POST …/envvars/{env} → 401", async () => {
    const res = await call("POST", base, { token: UNKNOWN_KEY, body: { name: "X", value: "y" } });
    expectSchema(conform("post", LIST, 401, res));
  });

  it("POST …/envvars/{env} → 404 (PAT, unknown project)", async () => {
    const res = await call("POST", "/api/v1/projects/proj_doesnotexist00000000/envvars/prod", { token: PAT, body: { name: "X", value: "y" } });
    expectSchema(conform("post", LIST, 404, res));
  });

  it("POST …/envvars/{env}/import → 200 SucceedResponse", async () => {
    const res = await call("POST", `${base}/import`, { body: { variables: { OA_IMPORTED_A: "a", OA_IMPORTED_B: "b" }, override: false } });
    expectSchema(conform("post", IMPORT, 200, res));
    expect(envVarIn("prod", "OA_IMPORTED_B")).toMatchObject({ value: "b" });
  });

  it("POST …/envvars/{env}/import takes `variables` as a record, not the contract's array (§2.3)", async () => {
    // Deviation (request side): the contract describes `variables` as an array of EnvVar; the server's
    // ImportEnvironmentVariablesRequestBody is `Record<string,string>` and refuses the array with a bare error.
    const res = await call("POST", `${base}/import`, { body: { variables: [{ name: "OA_ARRAY_FORM", value: "x" }] } });
    expectSchema(conform("post", IMPORT, 400, res));
    expect(res.body).toEqual({ error: "Invalid body" });
    expect(envVarIn("prod", "OA_ARRAY_FORM")).toBeUndefined();
  });

  it("POST …/envvars/{env}/import → 400 with variableErrors (override false, §2.3)", async () => {
    const res = await call("POST", `${base}/import`, { body: { variables: { DATABASE_URL: "other", OA_NEW: "x" } } });
    expectSchema(conform("post", IMPORT, 400, res));
    expect(res.body).toEqual({
      error: "Some of the variables are already set for these environments. Set override to true to override them.",
      variableErrors: [{ key: "DATABASE_URL", error: "Variable already set in Production." }],
    });
    expect(envVarIn("prod", "OA_NEW")).toBeUndefined();
  });

  it("POST …/envvars/{env}/import → 401", async () => {
    expectSchema(conform("post", IMPORT, 401, await call("POST", `${base}/import`, { token: UNKNOWN_KEY, body: { variables: { A: "b" } } })));
  });

  it("POST …/envvars/{env}/import → 404 (PAT, unknown project)", async () => {
    const res = await call("POST", "/api/v1/projects/proj_doesnotexist00000000/envvars/prod/import", { token: PAT, body: { variables: { A: "b" } } });
    expectSchema(conform("post", IMPORT, 404, res));
  });

  it("GET …/envvars/{env}/{name} → 200 EnvVarValue", async () => {
    const res = await call("GET", `${base}/DATABASE_URL`);
    expectSchema(conform("get", ONE, 200, res));
    expect(res.body).toEqual({ name: "DATABASE_URL", value: "postgres://db", isSecret: false });
    const secret = await call("GET", `${base}/STRIPE_KEY`);
    expectSchema(conform("get", ONE, 200, secret));
    expect(secret.body).toEqual({ name: "STRIPE_KEY", value: "<redacted>", isSecret: true });
  });

  it("GET …/envvars/{env}/{name} → 400 (key of another project)", async () => {
    expectSchema(conform("get", ONE, 400, await call("GET", "/api/v1/projects/proj_someoneelse000000000/envvars/prod/DATABASE_URL")));
  });

  it("GET …/envvars/{env}/{name} → 401", async () => {
    expectSchema(conform("get", ONE, 401, await call("GET", `${base}/DATABASE_URL`, { token: UNKNOWN_KEY })));
  });

  it("GET …/envvars/{env}/{name} → 404 (nowhere, and only in another environment, §2.4)", async () => {
    const nowhere = await call("GET", `${base}/OA_NOWHERE`);
    expectSchema(conform("get", ONE, 404, nowhere));
    expect((nowhere.body as Obj).error).toBe("Environment variable not found");
    const elsewhere = await call("GET", `${base}/STAGING_ONLY`);
    expectSchema(conform("get", ONE, 404, elsewhere));
  });

  it("PUT …/envvars/{env}/{name} → 200 SucceedResponse", async () => {
    const res = await call("PUT", `${base}/DATABASE_URL`, { body: { value: "postgres://new" } });
    expectSchema(conform("put", ONE, 200, res));
    expect(envVarIn("prod", "DATABASE_URL")).toMatchObject({ value: "postgres://new" });
  });

  it("PUT …/envvars/{env}/{name} → 400 InvalidEnvVarsRequestResponse", async () => {
    const res = await call("PUT", `${base}/DATABASE_URL`, { body: { value: 42 } });
    expectSchema(conform("put", ONE, 400, res));
    expect((res.body as Obj).error).toBe("Invalid request body");
  });

  it("PUT …/envvars/{env}/{name} → 401", async () => {
    expectSchema(conform("put", ONE, 401, await call("PUT", `${base}/DATABASE_URL`, { token: UNKNOWN_KEY, body: { value: "x" } })));
  });

  it("PUT …/envvars/{env}/{name} → 404 (name exists nowhere, §2.5)", async () => {
    const res = await call("PUT", `${base}/OA_NOWHERE`, { body: { value: "x" } });
    expectSchema(conform("put", ONE, 404, res));
    expect((res.body as Obj).error).toBe("Environment variable not found");
  });

  it("DELETE …/envvars/{env}/{name} → 200 SucceedResponse", async () => {
    await call("POST", base, { body: { name: "OA_TO_DELETE", value: "x" } });
    const res = await call("DELETE", `${base}/OA_TO_DELETE`);
    expectSchema(conform("delete", ONE, 200, res));
    expect(envVarIn("prod", "OA_TO_DELETE")).toBeUndefined();
  });

  it("DELETE …/envvars/{env}/{name} → 400 (exists only in another environment, §2.6)", async () => {
    const res = await call("DELETE", `${base}/STAGING_ONLY`);
    expectSchema(conform("delete", ONE, 400, res));
    expect((res.body as Obj).error).toBe("Environment variable value not found");
  });

  it("DELETE …/envvars/{env}/{name} → 401", async () => {
    expectSchema(conform("delete", ONE, 401, await call("DELETE", `${base}/DATABASE_URL`, { token: UNKNOWN_KEY })));
  });

  it("DELETE …/envvars/{env}/{name} → 404 (name exists nowhere)", async () => {
    expectSchema(conform("delete", ONE, 404, await call("DELETE", `${base}/OA_NOWHERE`)));
  });
});

coversDeclaredRows("envvars", oa);
