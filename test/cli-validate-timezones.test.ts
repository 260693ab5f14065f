import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess, workdir } from "./helpers/cli-harness.js";

// The server's timezone list can differ from the snapshot shipped with the package (it follows the server's
// Node/ICU version, api-behaviour.md §3.2): `validate --refresh-timezones` checks against the live list.
// A plain node:http server stands in for the API here, serving a list the emulator (which serves the
// snapshot) would not, so the test can tell the two lists apart.
let server: Server;
let url: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? "none"}`);
    res.setHeader("content-type", "application/json; charset=utf-8");
    res.end(JSON.stringify({ timezones: ["UTC", "Europe/London", "Mars/Olympus_Mons"] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const config = (timezone: string) => `version: 1
project: proj_yubjwjsfkxnylobaqvqz
environments:
  prod:
    schedules:
      nightly:
        task: cleanup
        cron: "0 3 * * *"
        timezone: ${timezone}
`;

describe("validate --refresh-timezones", () => {
  it("checks timezones against the server's live list, without credentials", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config("Mars/Olympus_Mons") });

    const snapshot = await runInProcess(["validate"], { cwd });
    expect(snapshot.code).toBe(1);
    expect(snapshot.stderr).toContain("trigger-iac.yaml:9:19: error: unknown timezone 'Mars/Olympus_Mons'");
    expect(requests).toEqual([]);

    const live = await runInProcess(["validate", "--refresh-timezones", "--api-url", url], { cwd });
    expect(live.stderr).toBe("");
    expect(live.code).toBe(0);
    expect(live.stdout).toContain("Valid: project proj_yubjwjsfkxnylobaqvqz");
    expect(requests).toEqual(["GET /api/v1/timezones auth=none"]);
  });

  it("refuses a timezone the live list lacks even when the snapshot has it", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config("Asia/Tokyo") });
    expect((await runInProcess(["validate"], { cwd })).code).toBe(0);

    const live = await runInProcess(["validate", "--refresh-timezones"], { cwd, env: { TRIGGER_API_URL: url } });
    expect(live.code).toBe(1);
    expect(live.stderr).toContain("unknown timezone 'Asia/Tokyo'");
  });
});
