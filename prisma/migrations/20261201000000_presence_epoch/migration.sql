-- Withdrawing presence tokens when someone hides or shows themself, and retrying until the
-- presence worker has heard of it.
ALTER TABLE "User" ADD COLUMN "presenceEpoch" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "User" ADD COLUMN "presenceSyncPendingAt" DATETIME;
