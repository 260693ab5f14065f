// Renders Markdown the way GitHub does for what trigger-iac prints (GFM tables, <details>, alerts), with
// markdown-it (a devDependency): the tests assert on this HTML, and pr-comment-screenshot.mjs photographs it.
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: true, linkify: false });

/** HTML of a Markdown comment; GitHub alerts (`> [!CAUTION]`) become a titled <div class="alert"> as on GitHub. */
export function markdownToHtml(markdown) {
  return md
    .render(markdown)
    .replace(/<blockquote>\n<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\n?/g, (_, kind) => `<blockquote class="alert alert-${kind.toLowerCase()}">\n<p class="alert-title">${kind[0]}${kind.slice(1).toLowerCase()}</p>\n<p>`);
}

const CSS = `
body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; font-size: 14px;
  line-height: 1.5; color: #1f2328; background: #fff; margin: 0; padding: 16px; }
.comment { max-width: 880px; border: 1px solid #d1d9e0; border-radius: 6px; padding: 16px 20px; }
h3 { font-size: 1.25em; margin: 0 0 8px; }
table { border-collapse: collapse; margin: 8px 0 16px; display: block; overflow: auto; }
th, td { border: 1px solid #d1d9e0; padding: 4px 10px; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
tr:nth-child(2n) td { background: #f6f8fa; }
blockquote { margin: 0 0 16px; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
blockquote.alert { color: inherit; }
.alert-caution { border-left-color: #cf222e; } .alert-caution .alert-title { color: #d1242f; font-weight: 600; }
.alert-title { margin-bottom: 4px; }
details { margin: 8px 0; } summary { cursor: pointer; margin-bottom: 6px; }
code { background: #eff1f3; border-radius: 6px; padding: .2em .4em; font-size: 85%; }
sub { color: #59636e; } a { color: #0969da; text-decoration: none; } ul { padding-left: 2em; margin: 4px 0 12px; }
`;

/** A standalone HTML page showing the comment as GitHub would (for a screenshot). */
export function commentPage(markdown) {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body><div class="comment">${markdownToHtml(markdown)}</div></body></html>`;
}
