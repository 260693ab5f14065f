import { TIMEZONES } from "../../model/timezones.js";
import type { RouteResponse } from "../http.js";
import { json } from "../http.js";
import type { Route, RouteContext } from "../router.js";
import { route } from "../router.js";

/** GET /api/v1/timezones[?excludeUtc=true]: no auth, no rate limit (api-behaviour.md §3.6). */
function timezones(ctx: RouteContext): RouteResponse {
  const excludeUtc = ctx.query.get("excludeUtc") === "true";
  return json(200, { timezones: excludeUtc ? TIMEZONES.filter((tz) => tz !== "UTC") : [...TIMEZONES] });
}

/** The routes of this family, most specific first. */
export const timezoneRoutes: Route[] = [route(["GET"], "/api/v1/timezones", timezones)];
