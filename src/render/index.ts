export { renderText, type TextRenderOptions } from "./text.js";
export { renderMarkdown, escapeMarkdown, MARKDOWN_MARKER, type MarkdownRenderOptions } from "./markdown.js";
export { renderJson } from "./json.js";
export { parsePlanJson, PlanFormatError } from "./parse-json.js";
export { ACTION_SYMBOL, formatField, formatValue, printable, summaryLine } from "./format.js";
