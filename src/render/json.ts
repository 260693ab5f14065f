import type { Change, FieldChange, Plan, PlanDiagnostic } from "../model/plan.js";
import type { SourceRef } from "../model/source.js";
import { orderPromotion } from "./promotion.js";
import { dropUndefined } from "../util/objects.js";

/**
 * Renders a plan as the JSON of product.md (`formatVersion: 1`), pretty-printed, with a fixed key order and
 * absent members left out: the same plan always gives the same bytes, so plans diff well and hash stably.
 */
export function renderJson(plan: Plan): string {
  const ordered = {
    formatVersion: plan.formatVersion,
    project: plan.project,
    environments: plan.environments,
    liveFingerprint: plan.liveFingerprint,
    desiredFingerprint: plan.desiredFingerprint,
    targets: plan.targets,
    summary: {
      create: plan.summary.create,
      update: plan.summary.update,
      replace: plan.summary.replace,
      delete: plan.summary.delete,
    },
    changes: plan.changes.map(orderChange),
    diagnostics: plan.diagnostics.map(orderDiagnostic),
  };
  return JSON.stringify(ordered, null, 2) + "\n";
}

function orderChange(change: Change): Record<string, unknown> {
  return dropUndefined({
    address: change.address,
    kind: change.kind,
    environment: change.environment,
    action: change.action,
    remoteId: change.remoteId,
    fields: change.fields.map(orderField),
    notes: change.notes?.map((n) => ({ level: n.level, code: n.code, message: n.message })),
    source: orderSource(change.source),
    promotion: orderPromotion(change.promotion),
  });
}

function orderField(field: FieldChange): Record<string, unknown> {
  return dropUndefined({ path: field.path, before: field.before ?? null, after: field.after ?? null, sensitive: field.sensitive, masked: field.masked });
}

function orderDiagnostic(d: PlanDiagnostic): Record<string, unknown> {
  return dropUndefined({
    severity: d.severity,
    code: d.code,
    address: d.address,
    message: d.message,
    source: orderSource(d.source),
    promotion: orderPromotion(d.promotion),
  });
}

function orderSource(source: SourceRef | undefined): Record<string, unknown> | undefined {
  return source ? { file: source.file, line: source.line, col: source.col } : undefined;
}
