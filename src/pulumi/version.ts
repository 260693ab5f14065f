import { createRequire } from "node:module";

/**
 * The package version, stamped into every resource's outputs as `providerVersion`. `diff` reports a change
 * when the stored version differs, so an `up` after an upgrade rewrites the provider code kept in state
 * (delete and read run the code stored with the outputs: shared/reference/pulumi-dynamic.md §4, §7.3).
 * Read from package.json, which sits two levels up from both src/pulumi/ and dist/pulumi/.
 */
export const PROVIDER_VERSION: string = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
