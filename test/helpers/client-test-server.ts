import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as the test server saw it. */
export interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** Receipt order, from 0. */
  index: number;
  receivedAt: number;
}

/** Decides the answer; may destroy the socket (a reset) or never answer (a timeout). */
export type TestHandler = (hit: Hit, res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

export interface TestServer {
  url: string;
  hits: Hit[];
  close(): Promise<void>;
}

/**
 * A plain node:http server on 127.0.0.1:0 for the faults the emulator cannot produce (Retry-After, custom
 * x-should-retry, exact header checks). Records every request.
 */
export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const hits: Hit[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hit: Hit = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        index: hits.length,
        receivedAt: Date.now(),
      };
      hits.push(hit);
      void Promise.resolve(handler(hit, res, req)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}
