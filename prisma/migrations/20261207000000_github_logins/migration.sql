-- GitHub logins the settings name as owners, and the account each belonged to when first seen.
CREATE TABLE "GithubLogin" (
    "login" TEXT NOT NULL PRIMARY KEY,
    "githubId" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
