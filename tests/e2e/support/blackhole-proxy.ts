// A TCP proxy in front of the worker that can black-hole its connections: bytes stop
// flowing both ways but no socket is closed, so the worker hears neither a close frame
// nor a TCP reset, which is what a closed laptop lid or a dead Wi-Fi looks like.
import { connect, createServer, type Socket } from "node:net";

export interface BlackholeProxy {
  url: string;
  /** Stops forwarding on every connection, leaving them open. */
  blackhole: () => void;
  close: () => Promise<void>;
}

export async function startBlackholeProxy(port: number, upstreamPort: number): Promise<BlackholeProxy> {
  const sockets: Socket[] = [];
  const pairs: [Socket, Socket][] = [];
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, "127.0.0.1");
    client.pipe(upstream);
    upstream.pipe(client);
    sockets.push(client, upstream);
    pairs.push([client, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    blackhole: () => {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
