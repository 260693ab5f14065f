/**
 * Shared pieces of the DeploymentPromotion host tests (test/pulumi-host-promotion*.test.ts): a seeded project whose
 * environments hold a few deployments of one task, the resource as the program declares it, and the scan of
 * everything the host returned or printed for secret values.
 */
import { expect } from "vitest";
import type { SeedEnvironment, SeedProject, SeedRunOutcomes } from "../../src/testing.js";
import { captureRegistrations, type Registration } from "./pulumi-capture.js";
import type { HostFixture } from "./pulumi-project.js";

/** One environment of {@link promotionProject}: its key, deployed versions (oldest first), current one and runs. */
export interface PromotionEnvironment {
  apiKey: string;
  versions: string[];
  current: string;
  runOutcomes?: SeedRunOutcomes[];
}

/** A project whose deployments each have the task `send-email`, created on the day their version names. */
export function promotionProject(ref: string, environments: Record<string, PromotionEnvironment>): SeedProject {
  const env = ({ apiKey, versions, current, runOutcomes }: PromotionEnvironment): SeedEnvironment => ({
    apiKey,
    deployments: versions.map((version) => ({ version, createdAt: `2026-11-${version.slice(6, 8)}T00:00:00.000Z`, tasks: [{ id: "send-email" }] })),
    current,
    ...(runOutcomes ? { runOutcomes } : {}),
  });
  return { ref, environments: Object.fromEntries(Object.entries(environments).map(([name, e]) => [name, env(e)])) };
}

/** The registration of `new DeploymentPromotion(name, { project, environment: "prod", ...args })`. */
export async function declarePromotion(f: HostFixture, project: string, args: Record<string, unknown>, name = "release"): Promise<Registration> {
  return (await captureRegistrations(() => new f.pulumi.DeploymentPromotion(name, { project, environment: "prod", ...args } as never))).at(0)!;
}

/** The error a provider call rejects with (undefined when it succeeds). */
export function failureOf(call: Promise<unknown>): Promise<Error | undefined> {
  return call.then(
    () => undefined,
    (e: Error) => e,
  );
}

/** None of `secrets` in anything the host returned or printed, nor in `extra` (errors, states). */
export function expectNoSecrets(f: HostFixture, secrets: readonly string[], ...extra: unknown[]): void {
  const text = JSON.stringify([f.host.responses, f.host.output, extra]);
  for (const secret of secrets) expect(text).not.toContain(secret);
}
