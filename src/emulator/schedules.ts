import type { EnvironmentName } from "../model/environments.js";
import { ENV_VAR_SLUG, ENVIRONMENT_TYPE } from "../model/environments.js";
import type { SeedSchedule } from "./types.js";
import type { EmulatorState, ProjectState, ScheduleState } from "./state.js";
import { nextId, nextToken } from "./state.js";
import { describeCron, nextRunOf } from "./cron.js";
import { hashString } from "./random.js";

/**
 * Schedule storage helpers and the three response shapes of api-behaviour.md §3.1 (create/PUT, GET one and
 * activate/deactivate, list).
 */

/** Who a dashboard action is attributed to when the caller names no one (admin queue overrides). */
export const DEV_USER_NAME = "Emulator User";

/** `{id}` resolution: `sched_…` is a friendlyId, anything else a deduplicationKey (§3.4, PR #2329). */
export function findSchedule(project: ProjectState, idOrKey: string): ScheduleState | undefined {
  if (idOrKey.startsWith("sched_")) return project.schedules.find((s) => s.id === idOrKey);
  return project.schedules.find((s) => s.deduplicationKey === idOrKey);
}

/** `getScheduleEnvVisibility` (§3.4). */
export function scheduleVisibility(schedule: ScheduleState | undefined, envName: EnvironmentName): "visible" | "hidden" | "missing" {
  if (!schedule) return "missing";
  if (schedule.instances.length === 0 || schedule.instances.includes(envName)) return "visible";
  return "hidden";
}

/** `getUsedSchedulesCount`: active instances of active schedules outside DEVELOPMENT (§3.2 limit). */
export function usedSchedulesCount(project: ProjectState): number {
  let n = 0;
  for (const s of project.schedules) {
    if (!s.active) continue;
    n += s.instances.filter((e) => e !== "dev" && project.environments[e]).length;
  }
  return n;
}

function describeOrCustom(cron: string): string {
  try {
    return describeCron(cron);
  } catch {
    return "Custom schedule";
  }
}

/**
 * Creates or updates a schedule as the dashboard would (admin and seeds): matched by id, then by dedup key;
 * the environment is added to its instances. No validation: this is out-of-band state.
 */
export function upsertScheduleDirect(
  state: EmulatorState,
  project: ProjectState,
  envName: EnvironmentName,
  seed: SeedSchedule,
  now: Date,
): ScheduleState {
  const existing =
    (seed.id ? project.schedules.find((s) => s.id === seed.id) : undefined) ??
    (seed.deduplicationKey ? project.schedules.find((s) => s.deduplicationKey === seed.deduplicationKey) : undefined);
  if (existing) {
    existing.type = seed.type ?? existing.type;
    existing.task = seed.task;
    existing.cron = seed.cron;
    existing.description = describeOrCustom(seed.cron);
    existing.timezone = seed.timezone ?? existing.timezone;
    if (seed.externalId !== undefined) existing.externalId = seed.externalId;
    if (seed.active !== undefined) existing.active = seed.active;
    if (!existing.instances.includes(envName)) existing.instances.push(envName);
    return existing;
  }
  const schedule: ScheduleState = {
    id: seed.id ?? nextId(state, "sched"),
    type: seed.type ?? "IMPERATIVE",
    task: seed.task,
    cron: seed.cron,
    description: describeOrCustom(seed.cron),
    timezone: seed.timezone ?? "UTC",
    externalId: seed.externalId ?? null,
    deduplicationKey: seed.deduplicationKey ?? nextToken(state, "cuid", 25),
    userProvidedDeduplicationKey: seed.deduplicationKey !== undefined,
    window: null,
    active: seed.active ?? true,
    createdAt: seed.createdAt ?? now.toISOString(),
    instances: [envName],
  };
  project.schedules.push(schedule);
  return schedule;
}

function windowMs(window: string, intervalMs: number): number {
  const duration = /^(\d+)(m|h)$/.exec(window);
  if (duration) return Number(duration[1]) * (duration[2] === "h" ? 3_600_000 : 60_000);
  const percent = /^(\d+)%$/.exec(window);
  if (percent) return Math.floor((intervalMs * Number(percent[1])) / 100);
  return 0;
}

/**
 * `formatScheduleWindow` (`apps/webapp/app/v3/scheduleWindow.server.ts`): the server stores a duration in
 * seconds and prints whole hours as `Nh`, anything else as `Nm`, so `60m` comes back as `1h`; percentages print
 * as stored.
 */
export function formatScheduleWindow(window: string): string {
  const duration = /^(\d+)(m|h)$/.exec(window);
  if (!duration) return window;
  const seconds = Number(duration[1]) * (duration[2] === "h" ? 3600 : 60);
  if (seconds === 0) return "0m";
  return seconds % 3600 === 0 ? `${seconds / 3600}h` : `${seconds / 60}m`;
}

/** Next nominal run and its stable effective time within the window. */
export function scheduleTimings(schedule: ScheduleState, now: Date): { nextRun: string | null; nextRunEffectiveAt: string | null } {
  const nextRun = nextRunOf(schedule.cron, schedule.timezone, now);
  if (!nextRun || !schedule.window) return { nextRun, nextRunEffectiveAt: nextRun };
  const following = nextRunOf(schedule.cron, schedule.timezone, new Date(nextRun));
  const intervalMs = following ? Date.parse(following) - Date.parse(nextRun) : 0;
  const span = Math.min(windowMs(schedule.window, intervalMs), intervalMs > 0 ? intervalMs - 1 : 0);
  const offset = span > 0 ? hashString(schedule.id) % span : 0;
  return { nextRun, nextRunEffectiveAt: new Date(Date.parse(nextRun) + offset).toISOString() };
}

type Shape = "write" | "get" | "list";

function environmentsOf(project: ProjectState, schedule: ScheduleState, shape: Shape): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const envName of schedule.instances) {
    const env = project.environments[envName];
    if (!env) continue;
    const type = ENVIRONMENT_TYPE[envName];
    // `getUsername(orgMember.user)` (`apps/webapp/app/utils/username.ts`) for DEVELOPMENT only; omitted without a name.
    const userName = envName === "dev" && env.ownerName !== undefined ? { userName: env.ownerName } : {};
    if (shape === "write") out.push({ id: env.id, shortcode: env.shortcode, type, ...userName });
    else if (shape === "get") out.push({ id: env.id, type });
    else out.push({ id: env.id, type, slug: ENV_VAR_SLUG[envName], ...userName });
  }
  return out;
}

/**
 * A schedule as an endpoint returns it, with the per-endpoint differences of §3.1: `write` (POST, PUT),
 * `get` (GET one, activate, deactivate: nextRun null when inactive) and `list` (externalId null when unset).
 */
export function toScheduleObject(project: ProjectState, schedule: ScheduleState, shape: Shape, now: Date): Record<string, unknown> {
  const timings = scheduleTimings(schedule, now);
  const inactiveNull = shape === "get" && !schedule.active;
  const externalId =
    schedule.externalId !== null ? { externalId: schedule.externalId } : shape === "list" ? { externalId: null } : {};
  return {
    id: schedule.id,
    type: schedule.type,
    task: schedule.task,
    active: schedule.active,
    ...(schedule.userProvidedDeduplicationKey ? { deduplicationKey: schedule.deduplicationKey } : {}),
    ...externalId,
    generator: { type: "CRON", expression: schedule.cron, description: schedule.description },
    timezone: schedule.timezone,
    ...(schedule.window ? { window: formatScheduleWindow(schedule.window) } : {}),
    nextRun: inactiveNull ? null : timings.nextRun,
    nextRunEffectiveAt: inactiveNull ? null : timings.nextRunEffectiveAt,
    environments: environmentsOf(project, schedule, shape),
  };
}
