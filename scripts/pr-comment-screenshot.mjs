// Builds the pull-request comment of the demo project (examples/demo) and `trigger-iac parity --format markdown`,
// and takes screenshots of them rendered the way GitHub renders them: docs/pr-comment.png and docs/parity.png
// (+ the Markdown itself, .md). Needs `npm run build` and a Chromium with an emoji font (Debian: apt-get install
// chromium fonts-noto-color-emoji); not part of the test suite or CI.
//   node scripts/pr-comment-screenshot.mjs [chromium-binary]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../dist/cli/main.js";
import { startEmulator } from "../dist/testing.js";
import { commentPage } from "./markdown-html.mjs";

const root = join(import.meta.dirname, "..");
const demoEnv = Object.fromEntries(
  readFileSync(join(root, "examples/demo/demo.env"), "utf8").split("\n").filter((l) => /^\w+=/.test(l)).map((l) => l.split(/=(.*)/s).slice(0, 2)),
);
const emulator = await startEmulator({ seed: join(root, "examples/demo/seed.yaml") });
const outputs = {};
try {
  const env = {
    ...demoEnv,
    TRIGGER_API_URL: emulator.url,
    TRIGGER_SECRET_KEY_STAGING: emulator.credentials.secretKeys.staging,
    TRIGGER_SECRET_KEY_PROD: emulator.credentials.secretKeys.prod,
    // What a pull-request job would have: the header links the commit and the run.
    GITHUB_ACTIONS: "true",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: "acme/shop-infra",
    GITHUB_SHA: "4f2c9e1d8b7a6c5e4f3a2b1c0d9e8f7a6b5c4d3e",
    GITHUB_RUN_ID: "123456789",
    GITHUB_RUN_NUMBER: "42",
    GITHUB_WORKFLOW: "trigger-iac plan",
  };
  for (const [name, command] of [["pr-comment", "plan"], ["parity", "parity"]]) {
    let markdown = "";
    const io = { stdout: { write: (s) => (markdown += s) }, stderr: { write: () => {} }, stdin: process.stdin, env, cwd: root, isTTY: false };
    await runCli([command, "-f", "examples/demo/trigger-iac.yaml", "--format", "markdown"], io);
    outputs[name] = markdown;
  }
} finally {
  await emulator.close();
}
const HEIGHT = { "pr-comment": Number(process.env.SHOT_HEIGHT ?? 1760), parity: 600 };
const dir = mkdtempSync(join(tmpdir(), "trigger-iac-shot-"));
try {
  for (const [name, markdown] of Object.entries(outputs)) {
    writeFileSync(join(root, `docs/${name}.md`), markdown);
    const page = join(dir, `${name}.html`);
    writeFileSync(page, commentPage(markdown));
    execFileSync(process.argv[2] ?? "chromium", [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", `--user-data-dir=${join(dir, "profile")}`, "--hide-scrollbars",
      `--window-size=940,${HEIGHT[name]}`, `--screenshot=${join(root, `docs/${name}.png`)}`, `file://${page}`,
    ], { stdio: "ignore" });
    console.log(`wrote docs/${name}.png and docs/${name}.md`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
