import { ProjectBindingError, type ProjectBinding } from "../client/credentials.js";
import type { ApplyOps } from "../engine/ops.js";
import type { EnvironmentName } from "../model/environments.js";

/**
 * Awaits every read (undefined entries stand for reads not made) and returns their results in order. All reads
 * run to the end; when several fail, a {@link ProjectBindingError} wins, since it explains the others (a foreign
 * key's other requests act on its own project).
 */
export async function settleReads<T extends readonly unknown[]>(reads: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(reads);
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);
  if (failures.length > 0) throw failures.find((f) => f instanceof ProjectBindingError) ?? failures[0];
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** `ops` with the binding proven for an environment before its first write (at most one extra request each). */
export function bindOps(ops: ApplyOps, binding: ProjectBinding): ApplyOps {
  // Every ApplyOps method takes the environment first.
  return new Proxy(ops, {
    get(target, property, receiver) {
      const member: unknown = Reflect.get(target, property, receiver);
      if (typeof member !== "function") return member;
      return async (env: EnvironmentName, ...rest: unknown[]) => {
        await binding.prove(env);
        return (member as (...args: unknown[]) => unknown).call(target, env, ...rest);
      };
    },
  });
}
