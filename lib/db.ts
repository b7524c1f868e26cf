import "server-only";
import type { Client, Config } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import { databaseConfig } from "./database-url";
import { createLibsqlClient } from "./libsql-client";

/** Prisma's libSQL adapter on a client that recovers from another process's lock (see libsql-client.ts). */
class RecoveringLibSQL extends PrismaLibSQL {
  override createClient(config: Config): Client {
    return createLibsqlClient(config);
  }
}

// One client per process, kept on globalThis: each Next bundle (pages, route handlers, auth)
// has its own copy of this module, and two clients on one SQLite file are two sets of
// connections that lock each other out (SQLITE_BUSY) whenever both write at once.
const cache = globalThis as unknown as { liveReadersDb?: PrismaClient };

/** The one Prisma client (libSQL adapter: a SQLite file locally, Turso in production). */
export const db: PrismaClient = (cache.liveReadersDb ??= new PrismaClient({ adapter: new RecoveringLibSQL(databaseConfig()) }));
