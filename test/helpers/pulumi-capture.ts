/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` and records the raw RegisterResource payloads: for
 * custom resources this is byte-for-byte what a live engine receives, including the serialized `__provider`
 * text and wire-format secrets (shared/reference/pulumi-dynamic.md §2.3, §3).
 */
import * as pulumi from "@pulumi/pulumi";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
const requireFromString: (code: string) => any = require("require-from-string");

export interface Registration {
  /** e.g. `pulumi-nodejs:dynamic/triggerdev:Schedule` */
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  /** The wire payload (secrets as `{ 4dabf18193072939515e22adb298388d: ..., value }`). */
  object: Record<string, any>;
  additionalSecretOutputs: string[];
}

/** Runs `run` (which declares resources) under mocks and returns what it registered, in order. */
export async function captureRegistrations(
  run: () => unknown,
  opts: { preview?: boolean; project?: string; stack?: string } = {},
): Promise<Registration[]> {
  const captured: Registration[] = [];
  const orig = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (this: unknown, req: any, cb: any) {
    captured.push({
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      object: req.getObject()?.toJavaScript() ?? {},
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    });
    return orig.call(this, req, cb);
  };
  try {
    await pulumi.runtime.setMocks(
      {
        // Outputs are unknown in a preview: return no id.
        newResource: (a) => ({ id: opts.preview ? (undefined as any) : `${a.name}-mock-id`, state: {} }),
        call: (a) => a.inputs,
      },
      opts.project ?? "trigger-iac-test",
      opts.stack ?? "dev",
      !!opts.preview,
    );
    await run();
    // Registration is asynchronous: wait until every pending RPC (and the ones they start) is done.
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      await (pulumi.runtime as any).waitForRPCs();
    }
  } finally {
    MockMonitor.prototype.registerResource = orig;
  }
  return captured;
}

/** Loads a serialized `__provider` the way the host does and returns the provider object. */
export function loadSerializedProvider(code: string): Record<string, unknown> {
  return requireFromString(code).handler();
}
