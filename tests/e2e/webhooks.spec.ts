import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { verifyCall } from "@/party/protocol";
import { waitForEmptySite } from "./support/fixtures";
import { E2E_WEBHOOK_PORT } from "./support/ports";
import { presenceToken } from "./support/tokens";
import { startWorker, stopWorker } from "./support/worker-process";
import { connect } from "./support/ws-client";

const WEBHOOK_SECRET = "e2e-webhook-secret-not-for-production-0123456789";

interface Delivery {
  signatureOk: boolean;
  events: { id: string; userId: string; status: string }[];
}

/** The owner's webhook receiver: refuses the first delivery (it is "down"), accepts the rest. */
async function startReceiver(deliveries: Delivery[]): Promise<Server> {
  let calls = 0;
  const server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    calls += 1;
    if (calls === 1) {
      response.writeHead(503).end();
      return;
    }
    const verdict = await verifyCall(
      WEBHOOK_SECRET,
      body,
      String(request.headers["x-presence-timestamp"] ?? ""),
      String(request.headers["x-presence-signature"] ?? ""),
      Date.now(),
    );
    deliveries.push({ signatureOk: verdict.ok, events: JSON.parse(body).events });
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(E2E_WEBHOOK_PORT, "127.0.0.1", resolve));
  return server;
}

test("webhooks receive the status changes, signed, in order, retried after a failure", { tag: "@attack" }, async () => {
  await waitForEmptySite();
  const deliveries: Delivery[] = [];
  const receiver = await startReceiver(deliveries);
  await stopWorker();
  await startWorker({ vars: { WEBHOOK_URL: `http://127.0.0.1:${E2E_WEBHOOK_PORT}/presence-events`, WEBHOOK_SECRET } });
  try {
    const ada = await connect("/parties/site/global", { query: { token: await presenceToken({ sub: "seed-ada", name: "Ada Lovelace" }) } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    ada.send(JSON.stringify({ type: "activity", active: false }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    ada.socket.close(1000);

    const received = () => deliveries.flatMap((delivery) => delivery.events.map((event) => [event.userId, event.status]));
    await expect.poll(received, { timeout: 15_000 }).toEqual([
      ["seed-ada", "online"],
      ["seed-ada", "idle"],
      ["seed-ada", "offline"],
    ]);
    expect(deliveries.every((delivery) => delivery.signatureOk)).toBe(true);
    const ids = deliveries.flatMap((delivery) => delivery.events.map((event) => event.id));
    expect(new Set(ids).size).toBe(3);
  } finally {
    await stopWorker();
    await startWorker();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
