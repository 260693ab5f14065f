export * from "./environments.js";
export type * from "./source.js";
export * from "./desired.js";
export type * from "./live.js";
export * from "./plan.js";
export * from "./timezones.js";
export * from "./promotion.js";
export type * from "./parity.js";
