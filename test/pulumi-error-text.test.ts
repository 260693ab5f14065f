import { afterEach, describe, expect, it } from "vitest";
import { CredentialSetupError } from "../src/client/credentials.js";
import { errorText, safeErrorText } from "../src/pulumi/runtime/kind.js";

const TOKEN = "tr_pat_0123456789abcdef0123456789abcdef";
const saved = process.env.TRIGGER_ACCESS_TOKEN;

describe("the Pulumi runtime's error text", () => {
  afterEach(() => {
    if (saved === undefined) delete process.env.TRIGGER_ACCESS_TOKEN;
    else process.env.TRIGGER_ACCESS_TOKEN = saved;
  });

  it("is the message followed by the hint", () => {
    expect(errorText(new CredentialSetupError("No credentials for 'prod'.", "Set TRIGGER_ACCESS_TOKEN."))).toBe(
      "No credentials for 'prod'. Set TRIGGER_ACCESS_TOKEN.",
    );
    expect(errorText("plain")).toBe("plain");
  });

  it("never carries a credential of the process environment or a given secret, wherever it came from", () => {
    process.env.TRIGGER_ACCESS_TOKEN = TOKEN;
    const text = safeErrorText(new Error(`refused ${TOKEN} with value s3cret-value-1`), ["s3cret-value-1"]);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("s3cret-value-1");
    expect(text).toContain("refused");
  });
});
