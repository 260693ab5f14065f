import { createTriggerClient, type TriggerClient } from "../../client/index.js";
import {
  ProjectBinding,
  resolveApiUrl,
  resolveCredentials,
  resolvePreviewBranch,
  toClientCredentials,
} from "../../client/credentials.js";
import { boundOps } from "../../live/index.js";
import type { ApplyOps } from "../../engine/ops.js";
import type { CommonInputs } from "../types.js";
import { sourceCredentials } from "./source-credentials.js";

/** What one provider method works with: a client and the ops for the resource's project. */
export interface ProviderContext {
  client: TriggerClient;
  /** Proves the credential belongs to the resource's project; `ops` and the reads of `convergeItem` go through it. */
  binding: ProjectBinding;
  ops: ApplyOps;
}

/**
 * Opens a client for one resource, with credentials read from the process environment now (product.md,
 * Credentials): nothing is captured in the serialized provider, nothing is stored in state, and a rotated
 * token works for destroy and refresh too. Runs `work` and always closes the client. With `sources`, the
 * environments a DeploymentPromotion reads besides its own (`follow`, `gate.from`) get credentials too; read and
 * delete never need them.
 */
export async function withContext<T>(
  inputs: CommonInputs,
  work: (ctx: ProviderContext) => Promise<T>,
  options: { sources?: boolean } = {},
): Promise<T> {
  const env = process.env;
  const baseUrl = resolveApiUrl(undefined, env, inputs.apiUrl);
  const own = resolveCredentials(env, [inputs.environment])[inputs.environment];
  // A DeploymentPromotion's follow / gate.from environment is read too (src/pulumi/runtime/source-credentials.ts).
  const perEnv = { ...(options.sources ? sourceCredentials(inputs, env) : {}), [inputs.environment]: own };
  const credentials = toClientCredentials(perEnv);
  // TRIGGER_PREVIEW_BRANCH, read now like the credentials: a preview secret key needs it (api-behaviour.md §1.1).
  const previewBranch = resolvePreviewBranch(env);
  const client = createTriggerClient({
    apiUrl: baseUrl,
    projectRef: inputs.project,
    credentials,
    ...(previewBranch === undefined ? {} : { previewBranch }),
  });
  // A key of another project would act on that project (product.md, Credentials): proved before the first write.
  const binding = new ProjectBinding(client, perEnv);
  try {
    return await work({ client, binding, ops: boundOps(client, binding) });
  } finally {
    await client.close();
  }
}
