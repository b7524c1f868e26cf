// The socket.io baseline, spoken to with socket.io-client as a tutorial's page would, except
// that it goes straight to WebSocket (no long-polling first), which only makes it cheaper.
import { io, type Socket } from "socket.io-client";
import { isRecord, type PresenceTarget, type RoomReader, type SiteClient, type Traffic } from "./target";

export function baselineTarget(url: string): PresenceTarget {
  const traffic: Traffic = { messages: 0, bytes: 0 };

  /** `listen` adds the socket's handlers before it connects: the server may send in the same breath as it accepts. */
  async function connect(index: number, listen: (socket: Socket) => void): Promise<Socket> {
    const socket = io(url, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      auth: { name: `Reader ${index}` },
    });
    // Counts socket.io packets as they come off the wire (engine.io pings are not "data").
    socket.io.on("open", () => {
      socket.io.engine.on("data", (data: unknown) => {
        traffic.messages++;
        // +1: the engine.io "message" type byte in front of each frame.
        traffic.bytes += (typeof data === "string" ? Buffer.byteLength(data) : 0) + 1;
      });
    });
    listen(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    return socket;
  }

  return {
    traffic,
    async openSiteClient(index, onCount): Promise<SiteClient> {
      const socket = await connect(index, (socket) =>
        socket.on("online", (users: unknown) => {
          if (Array.isArray(users)) onCount(users.length);
        }),
      );
      return { close: () => socket.disconnect() };
    },
    async openRoomReader(room, index, { onNews }): Promise<RoomReader> {
      const socket = await connect(index, (socket) => {
        // The baseline has no room count: its whole online list (everyone connected) stands for it.
        socket.on("online", (users: unknown) => {
          if (Array.isArray(users)) onNews({ places: [], whole: false, removed: [], count: users.length });
        });
        socket.on("progress", (update: unknown) => {
          if (isRecord(update) && typeof update.id === "string" && typeof update.progress === "number") {
            onNews({ places: [[update.id, update.progress]], whole: false, removed: [] });
          }
        });
      });
      socket.emit("join-article", room);
      const id = socket.id;
      if (!id) throw new Error("socket.io gave no id");
      let dropped: string | null = null;
      socket.on("disconnect", (reason) => {
        if (reason !== "io client disconnect") dropped = reason;
      });
      return { id, seat: null, sendProgress: (progress) => socket.emit("progress", progress), dropped: () => dropped, close: () => socket.disconnect() };
    },
    dispose: () => {},
  };
}
