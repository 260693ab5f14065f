import { ENV_VAR_SLUG } from "../../model/environments.js";
import type { EnvVarCreateBody, EnvVarImportBody, EnvVarItem } from "../api-types.js";
import { ENV_VAR_ITEM, ENV_VAR_LIST, RUNTIME_VALUES } from "../response-schemas.js";
import { segment, type EndpointContext } from "./context.js";
import { compareStrings } from "../../util/compare.js";

/** Environment variables of one environment (api-behaviour.md §2). */
export interface EnvVarsApi {
  /** Every variable, sorted by name (the server's order is unspecified, §2.1). Secret values read `"<redacted>"`. */
  list(): Promise<EnvVarItem[]>;
  /** One variable; `HttpError` 404 when it is not set in this environment. */
  retrieve(name: string): Promise<EnvVarItem>;
  /** Create or overwrite (the server always upserts, §2.2). */
  create(body: EnvVarCreateBody): Promise<void>;
  /** Bulk write. With `override: false` the server refuses the whole call if any name is already set (§2.3). */
  import(body: EnvVarImportBody): Promise<void>;
  /**
   * Overwrite the value of an existing variable. Beware (§2.5): creates it here when it exists only in another
   * environment, and silently ignores an empty value.
   */
  update(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  /**
   * Decrypted values, secrets included, plus the server's built-ins (`TRIGGER_*`, `OTEL_*`) — via
   * `GET /api/v1/projects/{ref}/envvars`, which takes only a secret key (with a PAT the environment's key is
   * looked up first, §2.7). Sensitive: never log the result.
   */
  runtimeValues(): Promise<Record<string, string>>;
}

/** Env var endpoints bound to one environment. Names are URL-encoded (the SDK does not encode them, §2.0). */
export function createEnvVarsApi(ctx: EndpointContext): EnvVarsApi {
  const base = `/api/v1/projects/${segment(ctx.projectRef)}/envvars/${ENV_VAR_SLUG[ctx.environment]}`;
  const one = (name: string) => `${base}/${segment(name)}`;
  return {
    async list() {
      const items = await ctx.call<EnvVarItem[]>({ method: "GET", path: base, access: "secretKeyOrPat", response: ENV_VAR_LIST });
      return [...items].sort((a, b) => compareStrings(a.name, b.name));
    },
    retrieve(name) {
      return ctx.call<EnvVarItem>({ method: "GET", path: one(name), access: "secretKeyOrPat", response: ENV_VAR_ITEM });
    },
    async create(body) {
      if (body.isSecret) ctx.redactor.add(body.value);
      // An upsert on the server (override: true), so repeating it is harmless.
      await ctx.call({ method: "POST", path: base, body, access: "secretKeyOrPat", idempotent: true });
    },
    async import(body) {
      if (body.isSecret) for (const value of Object.values(body.variables)) ctx.redactor.add(value);
      // Only the override form is safe to repeat: a retried override:false call could refuse its own first write.
      await ctx.call({
        method: "POST",
        path: `${base}/import`,
        body: { variables: body.variables, override: body.override, ...(body.isSecret === undefined ? {} : { isSecret: body.isSecret }) },
        access: "secretKeyOrPat",
        idempotent: body.override === true,
        limiter: "deployments",
      });
    },
    async update(name, value) {
      await ctx.call({ method: "PUT", path: one(name), body: { value }, access: "secretKeyOrPat" });
    },
    async delete(name) {
      await ctx.call({ method: "DELETE", path: one(name), access: "secretKeyOrPat" });
    },
    async runtimeValues() {
      const body = await ctx.call<{ variables: Record<string, string> }>({
        method: "GET",
        path: `/api/v1/projects/${segment(ctx.projectRef)}/envvars`,
        access: "secretKey",
        limiter: "deployments",
        response: RUNTIME_VALUES,
      });
      // Null prototype: a variable named `__proto__` or `constructor` is an ordinary entry (issue 9 §8).
      return Object.assign(Object.create(null) as Record<string, string>, body.variables);
    },
  };
}
