import { CREDENTIAL_PREFIXES } from "../model/environments.js";
import type { ValidationIssue } from "../model/source.js";
import { createRedactor, MIN_SECRET_LENGTH } from "../secrets/redact.js";
import type { ConfigDocument, MaskRange, PathSegment } from "./document.js";
import { MAX_NESTING } from "./nesting.js";

/**
 * Trigger.dev credentials: access tokens and environment secret keys ({@link CREDENTIAL_PREFIXES}).
 * Real ones carry at least 24 characters after the prefix; 12 avoids flagging a bare prefix in a comment.
 */
const CREDENTIAL = new RegExp(`(?:${CREDENTIAL_PREFIXES.join("|")})[A-Za-z0-9_]{12,}`, "g");

/** What a credential is shown as: its prefix only. */
function maskedCredential(match: string): string {
  const prefix = /^tr_[a-z]+_/.exec(match)?.[0] ?? "tr_";
  return `${prefix}…`;
}

/** The issue code of a credential written in the configuration. */
export const CREDENTIAL_IN_FILE = "credential-in-file";

/** Why a credential in the configuration is an error, naming its prefix only. */
function credentialMessage(match: string): string {
  return (
    `a Trigger.dev credential (${maskedCredential(match)}) is written in the file: remove it, revoke it, and pass it through ` +
    "the process environment instead (TRIGGER_ACCESS_TOKEN or TRIGGER_SECRET_KEY_<ENV>)"
  );
}

/**
 * Finds credentials anywhere in the file text (values, keys, comments): each is an error, and its
 * characters are masked in code frames. Credentials belong in the process environment only.
 */
export function credentialIssues(doc: ConfigDocument, lineCol: (offset: number) => { line: number; col: number }): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const m of doc.text.matchAll(CREDENTIAL)) {
    const start = m.index ?? 0;
    doc.masks.push({ start, end: start + m[0].length });
    const pos = lineCol(start);
    issues.push({
      severity: "error",
      code: CREDENTIAL_IN_FILE,
      path: "",
      message: credentialMessage(m[0]),
      file: doc.file,
      line: pos.line,
      col: pos.col,
    });
  }
  return issues;
}

/**
 * The credentials among the keys and string values of a value built in memory (no text to scan), each with the
 * path of the key or value that holds it and the message {@link credentialIssues} gives. Stops at
 * {@link MAX_NESTING} levels: deeper values are refused by the nesting check anyway.
 */
export function credentialsIn(value: unknown): { path: PathSegment[]; message: string }[] {
  const found: { path: PathSegment[]; message: string }[] = [];
  const scan = (text: string, path: PathSegment[]) => {
    for (const m of text.matchAll(CREDENTIAL)) found.push({ path, message: credentialMessage(m[0]) });
  };
  // Depth first, each key just before its value, so the findings come in the order the value is written (as the
  // file's text scan gives them): the children are pushed last to first, since the stack pops the last one pushed.
  const stack: { value: unknown; path: PathSegment[]; key?: string }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path, key } = stack.pop()!;
    if (key !== undefined) scan(key, path);
    if (typeof v === "string") scan(v, path);
    if (v === null || typeof v !== "object" || path.length >= MAX_NESTING) continue;
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i];
      stack.push(Array.isArray(v) ? { value: child, path: [...path, Number(k)] } : { value: child, path: [...path, k], key: k });
    }
  }
  return found;
}

/** Replaces credentials and the given secret strings in `text`, so a message can never carry them. */
export function scrubText(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets).scrub(text.replace(CREDENTIAL, (m) => maskedCredential(m)));
}

/** Masks every occurrence of `secret` in the text of `doc` (for values whose exact node range is unknown). */
export function maskOccurrences(doc: ConfigDocument, secret: string): void {
  if (secret.trim().length < MIN_SECRET_LENGTH) return;
  let from = 0;
  for (;;) {
    const i = doc.text.indexOf(secret, from);
    if (i < 0) return;
    doc.masks.push({ start: i, end: i + secret.length } satisfies MaskRange);
    from = i + secret.length;
  }
}

/** Offset -> 1-based line and column, for plain text. */
export function textLineCol(text: string): (offset: number) => { line: number; col: number } {
  // Built on the first look-up: most files hold no pasted credential, and a large one has many lines.
  let starts: number[] | undefined;
  return (offset) => {
    if (starts === undefined) {
      starts = [0];
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", nl + 1)) starts.push(nl + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  };
}
