// One emulator in its own process (so the client and the server do not share an event loop), driven over IPC by
// bench/lib/emulator.mjs. The seed is built here from a small description, never sent whole.
import { startEmulator } from "../../dist/testing.js";
import { declare, driftFourteen, seedOf } from "./project.mjs";

const spec = JSON.parse(process.env.BENCH_EMULATOR_SPEC);
const drifts = { fourteen: driftFourteen, hour3: (_env, d) => d.schedules.forEach((s) => (s.cron = s.cron.replace(/ \S+ \* \* \*$/, " 3 * * *"))) };
const seed = seedOf(declare(spec.declare), { drift: drifts[spec.drift], withSchedules: spec.withSchedules ?? true });
const emulator = await startEmulator({ seed, latency: spec.latency ?? 0, rateLimit: spec.rateLimit ?? false });

process.on("message", async (message) => {
  if (message.type === "log") {
    const requests = emulator.requests;
    const count = (f) => requests.filter(f).length;
    process.send({
      type: "log",
      total: requests.length,
      tooMany: count((r) => r.status === 429),
      writes: count((r) => r.method !== "GET"),
      reads: count((r) => r.method === "GET"),
      // What the server's bucket counted: not its own 429s, nor the exempt routes (api-behaviour.md §1.7).
      limited: count((r) => r.status !== 429 && r.path !== "/api/v1/deployments/current" && r.path !== "/api/v1/timezones"),
    });
  } else if (message.type === "clear") {
    emulator.clearRequests();
    process.send({ type: "cleared" });
  } else if (message.type === "close") {
    await emulator.close();
    process.exit(0);
  }
});
// The bench went away (finished or interrupted): go too.
process.on("disconnect", () => process.exit(0));
process.send({ type: "ready", url: emulator.url });
