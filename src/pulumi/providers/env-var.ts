import type { EnvVarInputs, EnvVarOutputs } from "../types.js";
import { RuntimeProvider } from "./runtime-provider.js";

/** The dynamic provider of {@link EnvVar}: the {@link RuntimeProvider} of kind `envVar`. */
export class EnvVarProvider extends RuntimeProvider<EnvVarInputs, EnvVarOutputs> {
  constructor() {
    super("envVar");
  }
}
