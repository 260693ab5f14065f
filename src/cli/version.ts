import { readFileSync } from "node:fs";

/** The fields of the package's own package.json that the CLI uses. */
interface PackageJson {
  version: string;
  bugs?: string | { url?: string };
}

/** The package's own package.json (two levels up from both src/cli and dist/cli). */
export function packageJson(): PackageJson {
  return JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as PackageJson;
}

/** The package version, from package.json. */
export function packageVersion(): string {
  return packageJson().version;
}
