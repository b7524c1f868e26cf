// Who is an owner after a real GitHub sign-in (the local OAuth server standing in for GitHub):
// a listed login only for the account first seen with it, an e-mail only when GitHub says verified.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { type GitHubAccount, startGitHubOAuthServer } from "./support/github-oauth-server";
import { E2E_GITHUB_CLIENT_ID, E2E_GITHUB_CLIENT_SECRET, E2E_OAUTH_PORT, E2E_OWNER_EMAIL, E2E_OWNER_GITHUB_LOGIN } from "./support/ports";

/** Signs in with GitHub as `account` (GitHub, for this sign-in, is a server that knows only it). */
async function signInWithGitHub(page: Page, account: GitHubAccount): Promise<void> {
  const github = await startGitHubOAuthServer({ port: E2E_OAUTH_PORT, clientId: E2E_GITHUB_CLIENT_ID, clientSecret: E2E_GITHUB_CLIENT_SECRET, account });
  try {
    await page.locator("header").getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("github-sign-in").click();
    await page.getByRole("link", { name: "Authorize" }).click();
    await expect(page.getByTestId("user-menu-name")).toHaveText(account.name);
    expect(github.refusals).toEqual([]);
  } finally {
    await github.close();
  }
}

/** What /desk answers this browser. */
const deskStatus = async (page: Page) => (await page.context().request.get("/desk", { maxRedirects: 0 })).status();

test("a GitHub login the settings name is the owner's for the account first seen with it; whoever takes the login later is no owner", { tag: "@attack" }, async ({ openReader }) => {
  const owner = await openReader("/");
  await signInWithGitHub(owner.page, { id: 5001, login: E2E_OWNER_GITHUB_LOGIN, name: "Octo Owner", email: "octo-owner@example.com" });
  expect(await deskStatus(owner.page)).toBe(200);
  await expect(owner.page.locator("header").getByRole("link", { name: "Desk" })).toBeVisible();

  // The owner renamed their login; someone else took it.
  const squatter = await openReader("/");
  await signInWithGitHub(squatter.page, { id: 6002, login: E2E_OWNER_GITHUB_LOGIN, name: "Login Squatter", email: "squatter@example.com" });
  expect(await deskStatus(squatter.page)).toBe(403);
  await expect(squatter.page.locator("header").getByRole("link", { name: "Desk" })).toHaveCount(0);
});

test("an owner's e-mail address names an owner only when GitHub lists it as verified on the account", { tag: "@attack" }, async ({ openReader }) => {
  const claims = await openReader("/");
  await signInWithGitHub(claims.page, {
    id: 7003,
    login: "claims-the-address",
    name: "Claims Address",
    email: E2E_OWNER_EMAIL,
    emails: [{ email: E2E_OWNER_EMAIL, primary: true, verified: false }],
  });
  expect(await deskStatus(claims.page)).toBe(403);

  const verified = await openReader("/");
  await signInWithGitHub(verified.page, {
    id: 7004,
    login: "verified-owner",
    name: "Verified Owner",
    email: "public@example.com",
    emails: [
      { email: "public@example.com", primary: false, verified: true },
      { email: E2E_OWNER_EMAIL.toUpperCase(), primary: true, verified: true },
    ],
  });
  expect(await deskStatus(verified.page)).toBe(200);
});
