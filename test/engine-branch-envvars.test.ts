import { describe, expect, it } from "vitest";
import { diffEnvVar } from "../src/engine/index.js";
import { markInherited } from "../src/live/branch.js";
import type { LiveEnvVar } from "../src/model/live.js";

// Preview branches (issue 8 §6), the pure parts: which listed variables are inherited, and what the diff does with them.
describe("markInherited", () => {
  it("marks a variable inherited when the parent has the same value, or is secret on both sides", () => {
    const vars: Record<string, LiveEnvVar> = {
      SAME: { name: "SAME", isSecret: false, value: "p" },
      OVERRIDE: { name: "OVERRIDE", isSecret: false, value: "branch" },
      OWN: { name: "OWN", isSecret: false, value: "o" },
      BOTH_SECRET: { name: "BOTH_SECRET", isSecret: true },
      NOW_SECRET: { name: "NOW_SECRET", isSecret: true },
    };
    markInherited(vars, [
      { name: "SAME", value: "p", isSecret: false },
      { name: "OVERRIDE", value: "parent", isSecret: false },
      { name: "BOTH_SECRET", value: "<redacted>", isSecret: true },
      { name: "NOW_SECRET", value: "plain", isSecret: false },
      { name: "constructor", value: "x", isSecret: false },
    ]);
    expect(Object.values(vars).filter((v) => v.inherited).map((v) => v.name)).toEqual(["SAME", "BOTH_SECRET"]);
  });
});

describe("diffEnvVar through a preview branch", () => {
  const branch = { name: "feature-x", parentRead: true };
  const inherited: LiveEnvVar = { name: "A", isSecret: false, value: "parent", inherited: true };

  it("never deletes an inherited variable, even with prune", () => {
    const change = diffEnvVar("preview", "A", undefined, inherited, { prune: true, branch }).change;
    expect(change).toMatchObject({ action: "unmanaged", notes: [{ code: "inherited" }] });
  });

  it("a differing declared value is a create in the branch (an override); an equal one is a noop", () => {
    const override = diffEnvVar("preview", "A", { name: "A", secret: false, value: "mine" }, inherited, { branch }).change;
    expect(override).toMatchObject({ action: "create", notes: [{ code: "branch-override" }] });
    expect(diffEnvVar("preview", "A", { name: "A", secret: false, value: "parent" }, inherited, { branch }).change?.action).toBe("noop");
  });

  it("the branch's own undeclared variable is pruned; with the parent unread nothing is", () => {
    const own: LiveEnvVar = { name: "B", isSecret: false, value: "b" };
    expect(diffEnvVar("preview", "B", undefined, own, { prune: true, branch }).change?.action).toBe("delete");
    const unknown = diffEnvVar("preview", "B", undefined, own, { prune: true, branch: { name: "feature-x", parentRead: false } }).change;
    expect(unknown).toMatchObject({ action: "unmanaged", notes: [{ code: "origin-unknown", level: "warning" }] });
  });
});
