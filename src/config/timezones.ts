import { TIMEZONES } from "../model/timezones.js";
import { closestMatch } from "./suggest.js";

/**
 * Why `timezone` would be refused by the server, or undefined when it is accepted. The server accepts exactly
 * the names of its `GET /api/v1/timezones` list (canonical only: `US/Eastern` and `Etc/UTC` are refused,
 * api-behaviour.md §3.2); `known` defaults to the snapshot in src/model/timezones.ts.
 */
export function timezoneProblem(timezone: string, known: readonly string[] = TIMEZONES): string | undefined {
  if (known.includes(timezone)) return undefined;
  const hint = timezoneSuggestion(timezone, known);
  return `unknown timezone '${timezone}'${hint ? ` (did you mean '${hint}'?)` : ""}: use a name from the server's list (GET /api/v1/timezones; aliases such as US/Eastern are refused)`;
}

/** The accepted name the user most likely meant: the canonical form of an alias, else the nearest spelling. */
export function timezoneSuggestion(timezone: string, known: readonly string[] = TIMEZONES): string | undefined {
  const canonical = canonicalTimezone(timezone);
  if (canonical !== undefined && canonical !== timezone && known.includes(canonical)) return canonical;
  const near = closestMatch(timezone, known);
  if (near !== undefined) return near;
  // A typo in the city with the right region ("Europe/Londn") is caught above; a wrong region with the
  // right city ("Asia/London") is caught here.
  const city = timezone.split("/").pop() ?? timezone;
  const byCity = known.filter((k) => (k.split("/").pop() ?? "").toLowerCase() === city.toLowerCase());
  return byCity.length === 1 ? byCity[0] : undefined;
}

/**
 * The canonical name ICU gives an alias (`US/Eastern` -> `America/New_York`, `Etc/UTC` -> `UTC`), or
 * undefined when the runtime does not know the name at all.
 */
function canonicalTimezone(timezone: string): string | undefined {
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: timezone }).resolvedOptions().timeZone;
    if (resolved === timezone && /^(Etc\/)?(UTC|GMT|UCT|Universal|Zulu)$/i.test(timezone)) return "UTC";
    return resolved;
  } catch {
    return undefined;
  }
}
