/**
 * The one function the serialized provider code runs. Dynamic providers are serialized into state as text
 * and run later by Pulumi's dynamic-provider host, with the project directory as cwd
 * (shared/reference/pulumi-dynamic.md §1). So the provider classes capture nothing but plain constants:
 * each method calls this function, which loads the adapter (`providerRuntime`) from the `trigger-iac`
 * installed in the project directory when the method runs. The client, the engine and the credentials are
 * created there, never captured; old code kept in state keeps working because it only knows this function.
 *
 * Everything referenced here must be a global: this function is serialized by value.
 */
export async function callProviderRuntime(kind: string, method: string, args: unknown[], stamp: string): Promise<unknown> {
  const { createRequire } = await import("node:module");
  const { pathToFileURL } = await import("node:url");
  let entry: string;
  try {
    entry = createRequire(`${process.cwd()}/`).resolve("trigger-iac/pulumi");
  } catch {
    throw new Error(
      `trigger-iac is not installed where Pulumi runs (${process.cwd()}): run \`npm install trigger-iac\` in the Pulumi project directory.`,
    );
  }
  const mod = (await import(pathToFileURL(entry).href)) as {
    providerRuntime?: (protocol: number) => { run(kind: string, method: string, args: unknown[], stamp: string): Promise<unknown> };
  };
  if (typeof mod.providerRuntime !== "function") {
    throw new Error(`The installed trigger-iac (${entry}) is too old for this program's resources: upgrade it.`);
  }
  // Protocol 1: run(kind, method, args, providerVersion). A newer package keeps answering protocol 1.
  return mod.providerRuntime(1).run(kind, method, args, stamp);
}
