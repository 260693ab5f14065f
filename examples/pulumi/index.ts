// trigger-iac with Pulumi: the four resource kinds declared one by one for prod, and a whole environment
// (staging) declared from the same config file the CLI reads. Run against the local emulator:
//   npx trigger-iac emulator --seed ../demo/seed.yaml --port 8787 &
//   export TRIGGER_API_URL=http://127.0.0.1:8787 TRIGGER_ACCESS_TOKEN=tr_pat_demoAccessToken000000000000000000000
//   export DEMO_STAGING_SLACK_WEBHOOK_URL=https://hooks.slack.example/services/STAGING-ROTATED-2026
//   export DEMO_PROD_SLACK_WEBHOOK_URL=https://hooks.slack.example/services/PROD-ROTATED-2026
//   pulumi config set --secret slackWebhook https://hooks.slack.example/services/PROD-ROTATED-2026
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as triggerdev from "trigger-iac/pulumi";

// The demo project exists already (made in the dashboard): `adopt: true` takes its objects over. Without it,
// `create` refuses an existing object, since a later `pulumi destroy` would delete what Pulumi never made.

const cfg = new pulumi.Config();
const project = cfg.require("triggerProject");

export const schedule = new triggerdev.Schedule("nightly-cleanup", {
  project,
  environment: "prod",
  key: "nightly-cleanup",
  task: "cleanup",
  cron: "0 3 * * *",
  timezone: "Europe/London",
  adopt: true,
}).scheduleId;

// A Pulumi secret stays a secret in state; the provider never writes it anywhere else.
new triggerdev.EnvVar("slack", {
  project,
  environment: "prod",
  name: "SLACK_WEBHOOK_URL",
  value: cfg.requireSecret("slackWebhook"),
  secret: true,
  adopt: true,
});

new triggerdev.EnvVar("log-level", { project, environment: "prod", name: "LOG_LEVEL", value: "warn", adopt: true });

new triggerdev.QueueSetting("email", {
  project,
  environment: "prod",
  queue: { task: "send-email" },
  concurrencyLimit: 20,
  adopt: true,
});

export const promoted = new triggerdev.DeploymentPromotion("prod", {
  project,
  environment: "prod",
  version: "20261120.3",
}).version;

// Everything the demo file declares for staging, one resource per item (named app.staging.…).
const staging = new triggerdev.Project("app", { file: "../demo/trigger-iac.yaml", environments: ["staging"], adopt: true });
export const stagingResources = pulumi.output(staging.resources.then((r) => Object.keys(r).sort()));
