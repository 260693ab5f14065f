export { renderText, type TextRenderOptions } from "./text.js";
export { renderMarkdown, escapeMarkdown, MARKDOWN_MARKER, type MarkdownRenderOptions } from "./markdown.js";
export { renderMarkdownFailure, type PlanFailure, type FailureItem } from "./markdown-failure.js";
export { markdownMarker, type PlanContext } from "./context.js";
export { renderParityText, renderParityMarkdown, renderParityJson, paritySummary } from "./parity.js";
export { changeDetails, type DetailLine } from "./details.js";
export { renderJson } from "./json.js";
export { parsePlanJson, PlanFormatError } from "./parse-json.js";
export { ACTION_SYMBOL, formatField, formatValue, printable, summaryLine } from "./format.js";
