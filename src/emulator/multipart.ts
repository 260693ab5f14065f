/**
 * The multipart form of `POST …/envvars/{env}/import` (api-behaviour.md §2.3): a `variables` file in dotenv
 * format plus an `override=true|false` field.
 */

/** Parses dotenv text like `dotenv.parse`: KEY=VALUE lines, `#` comments, optional quotes, `export ` prefix. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lineRe = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)?\s*$/;
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    const m = lineRe.exec(line);
    if (!m) continue;
    let value = (m[2] ?? "").trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === "`") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
    } else {
      const hash = value.indexOf(" #");
      if (hash >= 0) value = value.slice(0, hash).trim();
    }
    out[m[1] as string] = value;
  }
  return out;
}

/** The import body from a multipart upload, or undefined when the `variables` file is missing. */
export function parseDotenvMultipart(
  contentType: string,
  raw: string,
): { variables: Record<string, string>; override: boolean } | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return undefined;
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  let variables: Record<string, string> | undefined;
  let override = false;
  for (const part of raw.split(delimiter)) {
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const content = part.slice(headerEnd + 4).replace(/\r\n$/, "");
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name === "variables") variables = parseDotenv(content);
    if (name === "override") override = content.trim() === "true";
  }
  return variables ? { variables, override } : undefined;
}
