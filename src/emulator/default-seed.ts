import type { EmulatorSeed, SeedTask } from "./types.js";

const TASKS_V1: SeedTask[] = [
  { id: "send-email", concurrencyLimit: 10, filePath: "src/trigger/email.ts" },
  { id: "process-payment", concurrencyLimit: 5, filePath: "src/trigger/payments.ts" },
  { id: "nightly-cleanup", scheduled: true, filePath: "src/trigger/cleanup.ts" },
  { id: "daily-report", scheduled: true, cron: "0 9 * * *", timezone: "Europe/London", filePath: "src/trigger/report.ts" },
];

const TASKS_V2: SeedTask[] = [
  ...TASKS_V1,
  { id: "sync-crm", scheduled: true, filePath: "src/trigger/crm.ts", concurrencyLimit: null },
];

const CUSTOM_QUEUES = [{ name: "shared-exports", concurrencyLimit: 3 }];

/**
 * The emulator's default state: one project ("Demo project") with all four environments, a PAT, a few
 * scheduled and plain tasks, two prod deployments (the older one promoted, so a promotion can be planned),
 * env vars (one secret) and an imperative schedule; the preview environment has one branch, `feature-x`. Keys
 * follow the real formats (§1.1).
 */
export const DEFAULT_SEED: EmulatorSeed = Object.freeze({
  personalAccessTokens: [{ token: "tr_pat_emulatordemo0000000000000000000000000000" }],
  projects: [
    {
      ref: "proj_demoemulatorxxxxxxxxxx",
      name: "Demo project",
      environments: {
        dev: {
          apiKey: "tr_dev_emuDevKey000000000000001",
          ownerName: "Ada Lovelace",
          envVars: { LOG_LEVEL: "debug", API_BASE_URL: "http://localhost:3000" },
          deployments: [{ version: "20261120.1", createdAt: "2026-11-20T10:00:00.000Z", tasks: TASKS_V2, queues: CUSTOM_QUEUES }],
        },
        staging: {
          apiKey: "tr_stg_emuStgKey000000000000001",
          maximumConcurrencyLimit: 50,
          envVars: { LOG_LEVEL: "info", API_BASE_URL: "https://staging.example.com" },
          deployments: [{ version: "20261120.1", createdAt: "2026-11-20T11:00:00.000Z", tasks: TASKS_V2, queues: CUSTOM_QUEUES }],
          current: "20261120.1",
        },
        prod: {
          apiKey: "tr_prod_emuProdKey00000000000001",
          maximumConcurrencyLimit: 100,
          envVars: {
            LOG_LEVEL: "warn",
            API_BASE_URL: "https://api.example.com",
            STRIPE_SECRET_KEY: { value: "sk_live_emulator_demo_value", secret: true },
          },
          deployments: [
            { version: "20261101.1", createdAt: "2026-11-01T09:00:00.000Z", tasks: TASKS_V1, queues: CUSTOM_QUEUES },
            { version: "20261120.1", createdAt: "2026-11-20T12:00:00.000Z", tasks: TASKS_V2, queues: CUSTOM_QUEUES },
          ],
          current: "20261101.1",
          schedules: [
            { task: "nightly-cleanup", cron: "0 3 * * *", timezone: "UTC", deduplicationKey: "nightly-cleanup", createdAt: "2026-11-01T09:30:00.000Z" },
          ],
          runs: [
            { task: "send-email", status: "COMPLETED", version: "20261101.1", createdAt: "2026-11-24T08:00:00.000Z" },
            { task: "process-payment", status: "FAILED", version: "20261101.1", createdAt: "2026-11-24T09:00:00.000Z", tags: ["customer_42"] },
            { task: "daily-report", status: "EXECUTING", version: "20261101.1", createdAt: "2026-11-25T09:00:00.000Z" },
          ],
        },
        preview: {
          apiKey: "tr_preview_emuPreviewKey00000000001",
          // A preview key needs x-trigger-branch naming one of these (api-behaviour.md §1.1).
          branches: ["feature-x"],
        },
      },
    },
  ],
}) as EmulatorSeed;
