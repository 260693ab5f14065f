import type { DeploymentPromotionInputs, DeploymentPromotionOutputs } from "../types.js";
import { RuntimeProvider } from "./runtime-provider.js";

/** The dynamic provider of {@link DeploymentPromotion}: the {@link RuntimeProvider} of kind `deployment`. */
export class DeploymentPromotionProvider extends RuntimeProvider<DeploymentPromotionInputs, DeploymentPromotionOutputs> {
  constructor() {
    super("deployment");
  }
}
