/**
 * Logical names of the resources a {@link Project} declares: the plan address of the item (stable:
 * environment + identity, never a list position), prefixed with the component's name so that two components
 * in one stack never collide. Characters outside a conservative set are replaced, and a collision this
 * creates is refused instead of silently merging two items.
 */
export function logicalName(component: string, address: string): string {
  return `${component}.${address}`.replace(/[^A-Za-z0-9._\-/@]/g, "_");
}

/** Throws when two addresses map to one logical name. */
export function assertUniqueNames(pairs: readonly { name: string; address: string }[]): void {
  const seen = new Map<string, string>();
  for (const { name, address } of pairs) {
    const other = seen.get(name);
    if (other !== undefined && other !== address) {
      throw new Error(`'${other}' and '${address}' both map to the Pulumi resource name '${name}': rename one of them.`);
    }
    seen.set(name, address);
  }
}
