/**
 * Escapes text for GitHub Markdown: HTML-significant characters become entities (no tag or comment can be
 * injected, so the marker and `<details>` stay intact) and Markdown punctuation is backslash-escaped.
 * Newlines become spaces so that a value cannot start a new block, and `|` cannot split a table cell.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, " ");
}
