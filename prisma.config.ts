import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { defineConfig } from "prisma/config";
import { databaseConfig } from "./lib/database-url";

// The JS engine runs the schema engine compiled to WebAssembly, shipped in the npm package: no
// native binary is downloaded at run time (that download fails on offline and locked-down
// machines, and Prisma 7's CLI always makes it, which is why this project stays on 6.19).
// Migrations run through the same libSQL adapter as the app (docs/deploy.md, step 2).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaLibSQL(databaseConfig());
  },
});
