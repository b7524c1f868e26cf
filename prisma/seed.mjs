// Seeds a development database with a few people, so /online has "last seen" history
// from the first start. Idempotent: running it again changes nothing.
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";

const url = process.env.DATABASE_URL || "file:./prisma/dev.db";
const authToken = process.env.DATABASE_AUTH_TOKEN || undefined;
const db = new PrismaClient({ adapter: new PrismaLibSQL(authToken ? { url, authToken } : { url }) });

const minutesAgo = (minutes) => new Date(Date.now() - minutes * 60_000);
const people = [
  { id: "seed-ada", name: "Ada Lovelace", email: "ada@example.com", lastSeenAt: minutesAgo(12) },
  { id: "seed-grace", name: "Grace Hopper", email: "grace@example.com", lastSeenAt: minutesAgo(95) },
  { id: "seed-alan", name: "Alan Turing", email: "alan@example.com", lastSeenAt: null, showOnline: false },
];

try {
  for (const person of people) {
    await db.user.upsert({ where: { id: person.id }, update: {}, create: person });
  }
  console.log(`seed: ${people.length} people`);
} finally {
  await db.$disconnect();
}
