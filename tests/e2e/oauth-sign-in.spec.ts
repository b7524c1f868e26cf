import { linkedAccounts, userIdByName } from "./support/db";
import { expect, footerCount, test } from "./support/fixtures";
import { type GitHubOAuthServer, startGitHubOAuthServer } from "./support/github-oauth-server";
import { readerChips } from "./support/people";
import { E2E_GITHUB_CLIENT_ID, E2E_GITHUB_CLIENT_SECRET, E2E_OAUTH_PORT } from "./support/ports";

const POST = "/posts/how-live-presence-works";
const ACCOUNT = { id: 4242, login: "octo-reader", name: "Octo Reader", email: "octo-reader@example.com" };

let github: GitHubOAuthServer;

test.beforeAll(async () => {
  github = await startGitHubOAuthServer({
    port: E2E_OAUTH_PORT,
    clientId: E2E_GITHUB_CLIENT_ID,
    clientSecret: E2E_GITHUB_CLIENT_SECRET,
    account: ACCOUNT,
  });
});

test.afterAll(async () => {
  await github?.close();
});

test("signing in with GitHub runs the real OAuth flow and makes the reader themself", async ({ openReader }) => {
  const alice = await openReader(POST);
  const octo = await openReader(POST);
  await expect(footerCount(alice.page)).toHaveText("2 readers online");

  await octo.page.locator("header").getByRole("button", { name: "Sign in" }).click();
  await octo.page.getByTestId("github-sign-in").click();
  await expect(octo.page).toHaveURL(/127\.0\.0\.1:\d+\/login\/oauth\/authorize/);
  await octo.page.getByRole("link", { name: "Authorize" }).click();

  // Back on the post, signed in, with the avatar GitHub gave.
  await expect(octo.page).toHaveURL(new RegExp(`${POST}$`));
  await expect(octo.page.getByTestId("user-menu-name")).toHaveText(ACCOUNT.name);
  await expect(octo.page.locator("header img.person-avatar")).toHaveAttribute("src", /\/avatars\/4242\.svg$/);
  const octoChip = readerChips(alice.page).filter({ hasText: ACCOUNT.name });
  await expect(octoChip).toHaveCount(1, { timeout: 3000 });
  await expect(octoChip.locator("img")).toHaveAttribute("src", /\/avatars\/4242\.svg$/);
  await expect(footerCount(alice.page)).toHaveText("2 readers online");
  expect(github.refusals).toEqual([]);

  // The Prisma adapter stored the person and their GitHub account.
  const userId = (await userIdByName(ACCOUNT.name)) ?? "";
  expect(await linkedAccounts(userId)).toEqual([{ provider: "github", providerAccountId: String(ACCOUNT.id) }]);
});
