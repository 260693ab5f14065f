import type { EnvVarItem } from "../client/api-types.js";
import type { LiveEnvVar } from "../model/live.js";

/**
 * Marks the variables a preview branch inherits from the preview environment. The branch's list merges the
 * parent's variables with its own, the branch's value winning (api-behaviour.md §2.1), and carries no origin; so
 * a listed variable is the branch's own when the parent does not have it or has another value, and inherited
 * otherwise. A secret on both sides reads redacted on both (its origin cannot be seen): counted as inherited,
 * so it is never pruned through the branch; a declared value still overrides it when it differs.
 */
export function markInherited(vars: Record<string, LiveEnvVar>, parent: readonly EnvVarItem[]): void {
  for (const item of parent) {
    const live = Object.prototype.hasOwnProperty.call(vars, item.name) ? vars[item.name] : undefined;
    if (!live) continue;
    const sameValue = live.isSecret || item.isSecret ? live.isSecret && item.isSecret : live.value === item.value;
    if (sameValue) live.inherited = true;
  }
}
