import "server-only";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import { databaseConfig } from "./database-url";

const cache = globalThis as unknown as { liveReadersDb?: PrismaClient };

/** The one Prisma client (libSQL adapter: a SQLite file locally, Turso in production). */
export const db: PrismaClient = cache.liveReadersDb ?? new PrismaClient({ adapter: new PrismaLibSQL(databaseConfig()) });
if (process.env.NODE_ENV !== "production") cache.liveReadersDb = db;
