import { createHash } from "node:crypto";

/**
 * SHA-256 with `node:crypto`, for `planChanges(desired, live, { hash: nodeSha256Hex })`: the same digest as the
 * engine's portable default, computed natively (the engine imports nothing from `node:`, so the edges inject it).
 * @example nodeSha256Hex("abc") // "ba7816bf…"
 */
export function nodeSha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
