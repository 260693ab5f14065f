import { createRequire } from "node:module";
import type * as PulumiSdk from "@pulumi/pulumi";

/** The message when the peer dependency is missing: what to install, not a resolver stack. */
export const PULUMI_MISSING =
  "trigger-iac/pulumi needs @pulumi/pulumi, a peer dependency that is not installed. " +
  "Install it next to trigger-iac: npm install @pulumi/pulumi (version >=3.139.0 <4). " +
  "The trigger-iac CLI and library work without it.";

/**
 * `@pulumi/pulumi`, loaded when `trigger-iac/pulumi` is first imported. It is an optional peer dependency: a
 * static `import` of a missing package fails while modules are linked, with Node's "Cannot find package"
 * and no word on what to do, so the SDK (CommonJS) is required here, where a missing install can be named.
 * The same file is resolved as a static import would resolve it, so user code and these classes share one SDK.
 */
export const pulumiSdk: typeof PulumiSdk = loadPulumi();

function loadPulumi(): typeof PulumiSdk {
  const require = createRequire(import.meta.url);
  try {
    return require("@pulumi/pulumi") as typeof PulumiSdk;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // Only the SDK itself missing: a broken install of one of its own dependencies keeps Node's message.
    if (code === "MODULE_NOT_FOUND" && /['"]@pulumi\/pulumi['"]/.test((error as Error).message)) {
      throw new Error(PULUMI_MISSING, { cause: error });
    }
    throw error;
  }
}
