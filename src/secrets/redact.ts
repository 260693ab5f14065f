/*
 * THE redactor: the one place that knows how a secret is kept out of text. Every output path (CLI streams, plan
 * and import files, Pulumi diagnostics, client errors) scrubs through it, so there is one placeholder and one
 * minimum length. It imports nothing: every layer may use it (test/architecture.test.ts).
 *
 * A server that echoes a request does not echo it verbatim: an error body quotes it JSON-escaped (sometimes
 * twice, when a JSON body is embedded in a JSON string), a query or form echoes it URL-encoded (`%20` or `+`),
 * an Authorization header echo is base64 for Basic auth. Each registered secret is matched in all these forms.
 */

/** What a secret is replaced with, everywhere. */
export const REDACTED = "[redacted]";

/**
 * Secrets shorter than this (after trimming) are not scrubbed textually: they would mangle ordinary words.
 * Config validation refuses nothing for it; it only means such a value is not searched for in output.
 */
export const MIN_SECRET_LENGTH = 4;

/** Encoded forms shorter than this are not searched for (a short base64 fragment matches ordinary text). */
const MIN_VARIANT_LENGTH = 6;

/** How much API text (an error string, a body) is printed at most, after redaction. */
export const MAX_API_TEXT = 4096;

/** Replaces every registered secret, in every encoding, in text and in values. */
export interface Redactor {
  /** Registers a secret (ignored when shorter than {@link MIN_SECRET_LENGTH}); takes effect for every later scrub. */
  add(secret: string | undefined | null): void;
  /** `text` with every registered secret, in any encoding, replaced by {@link REDACTED}. */
  scrub(text: string): string;
  /** A deep copy of a JSON-like value with every string (and key) scrubbed; other values are kept. */
  scrubValue<T>(value: T): T;
  /** True when nothing is registered (scrubbing is then the identity). */
  readonly empty: boolean;
}

/**
 * Creates a {@link Redactor}, optionally with secrets already registered.
 * @example const redactor = createRedactor([token]); redactor.scrub(`Bearer ${token}`) // "Bearer [redacted]"
 */
export function createRedactor(secrets: Iterable<string | undefined | null> = []): Redactor {
  const registered = new Set<string>();
  let index: VariantIndex | undefined;
  let dirty = false;

  const matcher = (): VariantIndex | undefined => {
    if (dirty) {
      const variants = new Set<string>();
      for (const s of registered) for (const v of encodedForms(s)) if (v.length >= MIN_VARIANT_LENGTH || v === s) variants.add(v);
      index = variants.size === 0 ? undefined : indexVariants(variants);
      dirty = false;
    }
    return index;
  };

  const redactor: Redactor = {
    add(secret) {
      if (typeof secret !== "string") return;
      for (const s of [secret, secret.trim()]) {
        if (s.trim().length < MIN_SECRET_LENGTH || registered.has(s)) continue;
        registered.add(s);
        dirty = true;
      }
    },
    scrub(text) {
      const found = matcher();
      return found === undefined || typeof text !== "string" ? text : replaceVariants(text, found);
    },
    scrubValue<T>(value: T): T {
      return matcher() === undefined ? value : (deepScrub(value, redactor.scrub, 0) as T);
    },
    get empty() {
      return registered.size === 0;
    },
  };
  for (const s of secrets) redactor.add(s);
  return redactor;
}

/**
 * `text` cut to at most `max` characters, saying how much was left out. Call it on redacted text only: cutting
 * first could leave the first characters of a secret that straddles the cut.
 */
export function clipText(text: string, max: number = MAX_API_TEXT): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters not shown)`;
}

/** Scrubs then clips: the way any text that came from the network is printed. */
export function scrubAndClip(redactor: Redactor, text: string, max: number = MAX_API_TEXT): string {
  return clipText(redactor.scrub(text), max);
}

/** The forms a secret may take in an echo: raw, JSON-escaped (once and twice), URL-encoded, base64. */
function encodedForms(secret: string): string[] {
  // Letters, digits, `_`, `.` and `-` read the same JSON-escaped, URL-encoded and \u-escaped: only base64 differs.
  if (/^[\w.-]*$/.test(secret)) return [secret, ...base64Cores(secret)];
  const json1 = JSON.stringify(secret).slice(1, -1);
  const json2 = JSON.stringify(json1).slice(1, -1);
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const forms = [secret, json1, json2, uri, form, lowerHex(uri), lowerHex(form)];
  // Non-ASCII characters may also be echoed as \uXXXX escapes.
  forms.push(secret.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  forms.push(...base64Cores(secret));
  return forms;
}

function lowerHex(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
}

/**
 * The base64 characters that depend on the secret's bytes only, for each of the three alignments the secret can
 * have inside a longer encoded string (e.g. `user:secret` in a Basic header), in both alphabets, with and
 * without padding. Whatever surrounds the secret changes only the characters at its edges.
 */
function base64Cores(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length + 3);
    padded.set(bytes, offset);
    const full = bytesToBase64(padded);
    // Character i carries bits 6i..6i+5; keep those entirely inside the secret's bits.
    const firstBit = offset * 8;
    const endBit = (offset + bytes.length) * 8;
    const from = Math.ceil(firstBit / 6);
    const to = Math.floor(endBit / 6);
    const core = full.slice(from, to);
    cores.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  const whole = bytesToBase64(bytes);
  cores.push(whole, whole.replace(/=+$/, ""));
  return cores;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 (padded), written out so this module needs no Node built-in. */
function bytesToBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const left = bytes.length - i;
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
    out += left > 1 ? BASE64[(n >> 6) & 63] : "=";
    out += left > 2 ? BASE64[n & 63] : "=";
  }
  return out;
}

/**
 * Every variant by a hash of its first {@link MIN_SECRET_LENGTH} characters (no variant is shorter), each bucket
 * longest first. One regular expression alternating thousands of variants was compiled and tried position by
 * position: with a thousand secrets, scrubbing a few lines took tens of milliseconds.
 */
type VariantIndex = Map<number, string[]>;

function indexVariants(variants: Iterable<string>): VariantIndex {
  const index: VariantIndex = new Map();
  for (const v of variants) {
    const h = prefixHash(v, 0);
    const bucket = index.get(h);
    if (bucket) bucket.push(v);
    else index.set(h, [v]);
  }
  for (const bucket of index.values()) bucket.sort((a, b) => b.length - a.length);
  return index;
}

function prefixHash(text: string, at: number): number {
  let h = 0;
  for (let i = at; i < at + MIN_SECRET_LENGTH; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/**
 * `text` with every variant replaced, as a global regular expression alternating them longest first would:
 * scanning left to right, the longest variant that starts at a position is replaced and the scan goes on after it.
 */
function replaceVariants(text: string, index: VariantIndex): string {
  let out = "";
  let copied = 0;
  let i = 0;
  const last = text.length - MIN_SECRET_LENGTH;
  while (i <= last) {
    const bucket = index.get(prefixHash(text, i));
    const hit = bucket?.find((v) => text.startsWith(v, i));
    if (hit === undefined) {
      i++;
      continue;
    }
    out += text.slice(copied, i) + REDACTED;
    i += hit.length;
    copied = i;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Deepest structure {@link Redactor.scrubValue} walks; deeper parts are replaced whole (bodies are size-capped). */
const MAX_SCRUB_DEPTH = 64;

function deepScrub(value: unknown, scrub: (text: string) => string, depth: number): unknown {
  if (typeof value === "string") return scrub(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_SCRUB_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => deepScrub(v, scrub, depth + 1));
  if (value instanceof Error) return value;
  // Null prototype: a key named `__proto__` from the network stays an ordinary key.
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[scrub(k)] = deepScrub(v, scrub, depth + 1);
  return out;
}
