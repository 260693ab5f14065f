import type { QueueSettingInputs, QueueSettingOutputs } from "../types.js";
import { RuntimeProvider } from "./runtime-provider.js";

/** The dynamic provider of {@link QueueSetting}: the {@link RuntimeProvider} of kind `queue`. */
export class QueueSettingProvider extends RuntimeProvider<QueueSettingInputs, QueueSettingOutputs> {
  constructor() {
    super("queue");
  }
}
