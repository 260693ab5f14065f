import { fork } from "node:child_process";
import { fileURLToPath, URL } from "node:url";

const CHILD = fileURLToPath(new URL("./emulator-child.mjs", import.meta.url));

/**
 * Starts an emulator in a child process. `spec`: { declare: options of declare(), drift?: "fourteen" | "hour3",
 * withSchedules?, latency?, rateLimit? }. Resolves with { url, log(), clear(), close() }.
 */
export async function startEmulatorProcess(spec) {
  const child = fork(CHILD, [], { env: { ...process.env, BENCH_EMULATOR_SPEC: JSON.stringify(spec) }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const next = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (m.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(m);
      };
      const onExit = (code) => reject(new Error(`emulator process exited (${code})`));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const ready = await next("ready");
  return {
    url: ready.url,
    async log() {
      child.send({ type: "log" });
      return next("log");
    },
    async clear() {
      child.send({ type: "clear" });
      await next("cleared");
    },
    async close() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ type: "close" });
      await exited;
    },
  };
}
