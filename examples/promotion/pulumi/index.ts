// The promotion pipeline of ../trigger-iac.yaml (dev -> staging -> prod, each behind a gate; prod verified after
// promoting, rolled back on a breach) as Pulumi resources. Each `pulumi up` moves the chain one step, like
// `trigger-iac apply`: staging takes the version dev runs, prod the version staging runs, each once it has run
// cleanly there. Run against the local emulator and the example's seed:
//   npx trigger-iac emulator --seed ../seed.yaml --port 8787 &
//   export TRIGGER_API_URL=http://127.0.0.1:8787 TRIGGER_ACCESS_TOKEN=tr_pat_promotionExampleToken0000000000000
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as triggerdev from "trigger-iac/pulumi";

const cfg = new pulumi.Config();
const project = cfg.require("triggerProject");

// staging follows dev: the version current in dev, once 10 of its runs there finished with at most 10% failed.
const staging = new triggerdev.DeploymentPromotion("staging", {
  project,
  environment: "staging",
  follow: "dev",
  gate: { minRuns: 10, maxFailureRate: 0.1, window: "24h" },
});

// prod follows staging, counting only send-email's runs, and watches its own runs of the new version for 10
// minutes after promoting (`pulumi up` waits, logging each poll); a breach promotes the previous version again
// and fails the update, saying so.
const prod = new triggerdev.DeploymentPromotion("prod", {
  project,
  environment: "prod",
  follow: "staging",
  gate: { minRuns: 20, maxFailureRate: 0.05, window: "24h", tasks: ["send-email"] },
  verify: { for: "10m", minRuns: 5, maxFailureRate: 0.1, rollback: true },
});

export const versions = { staging: staging.version, prod: prod.version };

// The same pipeline straight from the file the CLI reads would be:
//   new triggerdev.Project("pipeline", { file: "../trigger-iac.yaml" });
