import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { defineConfig } from "prisma/config";
import { databaseConfig } from "./lib/database-url";

// The JS engine runs the schema engine compiled to WebAssembly: no native binary
// download, which fails on offline and locked-down machines (see DESIGN.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaLibSQL(databaseConfig());
  },
});
