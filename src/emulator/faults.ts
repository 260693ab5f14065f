import type { FaultRule } from "./types.js";
import type { SeededRandom } from "./random.js";

const FAULT_KINDS: readonly FaultRule["kind"][] = ["429", "500", "502", "503", "reset", "timeout", "lost"];

/**
 * Parses a fault spec such as `"429:0.1,500:0.05,reset:0.02,timeout:0.01"`: comma-separated `kind:probability`
 * pairs, kind one of 429, 500, 502, 503, reset, timeout, lost, probability in [0, 1]. Throws an Error that names the
 * bad part.
 *
 * @example parseFaultSpec("429:0.1,reset:0.02") // [{kind:"429",probability:0.1},{kind:"reset",probability:0.02}]
 */
export function parseFaultSpec(spec: string): FaultRule[] {
  const rules: FaultRule[] = [];
  for (const rawPart of spec.split(",")) {
    const part = rawPart.trim();
    if (part === "") continue;
    const match = /^([^:]+):([^:]+)$/.exec(part);
    if (!match) {
      throw new Error(`Invalid fault spec "${part}": expected KIND:PROBABILITY, e.g. "429:0.1" (kinds: ${FAULT_KINDS.join(", ")})`);
    }
    const kind = (match[1] as string).trim();
    const probText = (match[2] as string).trim();
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
      throw new Error(`Invalid fault kind "${kind}" in "${part}": use one of ${FAULT_KINDS.join(", ")}`);
    }
    const probability = Number(probText);
    if (probText === "" || !Number.isFinite(probability) || probability < 0 || probability > 1) {
      throw new Error(`Invalid fault probability "${probText}" in "${part}": use a number from 0 to 1`);
    }
    rules.push({ kind: kind as FaultRule["kind"], probability });
  }
  return rules;
}

/** Checks rule objects given programmatically, with the same messages as {@link parseFaultSpec}. */
export function validateFaultRules(rules: FaultRule[]): FaultRule[] {
  for (const rule of rules) {
    if (!(FAULT_KINDS as readonly string[]).includes(rule.kind)) {
      throw new Error(`Invalid fault kind "${String(rule.kind)}": use one of ${FAULT_KINDS.join(", ")}`);
    }
    if (!Number.isFinite(rule.probability) || rule.probability < 0 || rule.probability > 1) {
      throw new Error(`Invalid fault probability "${String(rule.probability)}" for kind ${rule.kind}: use a number from 0 to 1`);
    }
    if (rule.resetMs !== undefined && !(Number.isFinite(rule.resetMs) && rule.resetMs >= 0)) {
      throw new Error(`Invalid fault resetMs "${String(rule.resetMs)}" for kind ${rule.kind}: use a number of ms >= 0`);
    }
  }
  return rules.map((r) => ({ ...r }));
}

/**
 * Draws latency and faults for each request from one seeded generator, in request order, so a given
 * `randomSeed` and request sequence always gives the same delays and faults.
 */
export class Chaos {
  private readonly remaining: (number | undefined)[];

  constructor(
    private readonly random: SeededRandom,
    private readonly rules: FaultRule[],
    private readonly latency: number | { minMs: number; maxMs: number },
  ) {
    this.remaining = rules.map((r) => r.times);
  }

  /** Milliseconds to wait before handling this request. */
  drawLatency(): number {
    if (typeof this.latency === "number") return this.latency;
    const { minMs, maxMs } = this.latency;
    return Math.round(minMs + this.random.next() * Math.max(0, maxMs - minMs));
  }

  /** The fault to inject for this request, if any: one draw per matching rule, the first hit wins. */
  drawFault(method: string, path: string): FaultRule | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i] as FaultRule;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.pathPrefix && !path.startsWith(rule.pathPrefix)) continue;
      const left = this.remaining[i];
      if (left !== undefined && left <= 0) continue;
      if (this.random.next() < rule.probability) {
        if (left !== undefined) this.remaining[i] = left - 1;
        return rule;
      }
    }
    return undefined;
  }
}
