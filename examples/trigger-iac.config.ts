// The TypeScript form of examples/trigger-iac.yaml: same shape, same types, checked by your editor.
// Run with `trigger-iac plan -f trigger-iac.config.ts` (loaded with jiti: no build step).
import { defineConfig } from "trigger-iac";

export default defineConfig({
  version: 1,
  project: "proj_yubjwjsfkxnylobaqvqz",
  environments: {
    staging: {
      prune: { envVars: true, schedules: true, queues: false },
      deployment: { version: "20261120.3" },
      envVars: {
        LOG_LEVEL: "info",
        SLACK_WEBHOOK_URL: { fromEnv: "STAGING_SLACK_WEBHOOK_URL", secret: true },
        STRIPE_API_KEY: { exists: true, secret: true },
      },
      queues: {
        tasks: { "send-email": { concurrencyLimit: 20 } },
        custom: { "shared-exports": { concurrencyLimit: 5, paused: false } },
      },
      schedules: {
        "nightly-cleanup": { task: "cleanup", cron: "0 3 * * *", timezone: "Europe/London" },
      },
    },
    prod: {
      deployment: { version: "20261118.1" },
      envVars: { LOG_LEVEL: "warn" },
    },
  },
});
