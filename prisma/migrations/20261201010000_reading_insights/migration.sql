-- Reading insights (aggregates per post and hour) and an owner's choice not to count themself.
ALTER TABLE "User" ADD COLUMN "excludeFromStats" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "ReadingHour" (
    "slug" TEXT NOT NULL,
    "hourStart" DATETIME NOT NULL,
    "visits" INTEGER NOT NULL,
    "reads" INTEGER NOT NULL,
    "completions" INTEGER NOT NULL,
    "depth" TEXT NOT NULL,
    "activeSeconds" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("slug", "hourStart")
);

CREATE INDEX "ReadingHour_hourStart_idx" ON "ReadingHour"("hourStart");
