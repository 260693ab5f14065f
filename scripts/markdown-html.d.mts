/** HTML of a Markdown comment, rendered as GitHub does for what trigger-iac prints (markdown-it, raw HTML allowed). */
export function markdownToHtml(markdown: string): string;
/** A standalone HTML page showing the comment as GitHub would (for a screenshot). */
export function commentPage(markdown: string): string;
