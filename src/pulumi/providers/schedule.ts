import type { ScheduleInputs, ScheduleOutputs } from "../types.js";
import { RuntimeProvider } from "./runtime-provider.js";

/** The dynamic provider of {@link Schedule}: the {@link RuntimeProvider} of kind `schedule`. */
export class ScheduleProvider extends RuntimeProvider<ScheduleInputs, ScheduleOutputs> {
  constructor() {
    super("schedule");
  }
}
