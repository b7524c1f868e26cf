// The baseline: live presence as most socket.io tutorials build it, kept deliberately plain.
// - a Map of who is online; on every connect and disconnect the WHOLE list goes to everyone;
// - a post is a socket.io room; every progress update is relayed at once to the others in it.
// Runs in its own Node process: node --import tsx bench/baseline/server.ts <port>
import { createServer } from "node:http";
import { Server } from "socket.io";

interface OnlineUser {
  id: string;
  name: string;
}

const port = Number(process.argv[2] ?? 8801);

const httpServer = createServer((request, response) => {
  // Only for the benchmark: to know when the server is up, and to collect garbage before
  // memory is read, so the figure is live memory and not the last broadcasts' leftovers.
  if (request.url === "/health") return void response.end("ok");
  if (request.url === "/gc") {
    globalThis.gc?.();
    return void response.end("ok");
  }
  response.statusCode = 404;
  response.end();
});
const io = new Server(httpServer, { cors: { origin: "*" } });
const onlineUsers = new Map<string, OnlineUser>();

io.on("connection", (socket) => {
  const name = typeof socket.handshake.auth.name === "string" ? socket.handshake.auth.name : "Anonymous";
  onlineUsers.set(socket.id, { id: socket.id, name });
  io.emit("online", [...onlineUsers.values()]);

  socket.on("join-article", (slug: unknown) => {
    if (typeof slug === "string") void socket.join(`article:${slug}`);
  });

  socket.on("progress", (progress: unknown) => {
    if (typeof progress !== "number") return;
    for (const room of socket.rooms) {
      if (room.startsWith("article:")) socket.to(room).emit("progress", { id: socket.id, progress });
    }
  });

  socket.on("disconnect", () => {
    onlineUsers.delete(socket.id);
    io.emit("online", [...onlineUsers.values()]);
  });
});

httpServer.listen(port, "127.0.0.1", () => console.log(`baseline listening on ${port}`));
