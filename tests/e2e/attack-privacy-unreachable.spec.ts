// Hiding while the live service can't be reached: the setting is saved, the page says plainly
// that the other devices don't know yet, the change is retried, and once the worker is back the
// person is hidden everywhere and the page says so.
import { expect, test } from "./support/fixtures";
import { readerChips, signInWithDemo, uniqueName } from "./support/people";
import { startWorker, stopWorker } from "./support/worker-process";

const POST = "/posts/how-live-presence-works";

test("hiding while the worker is down: told it isn't everywhere yet, retried, and hidden everywhere once it is back", { tag: "@attack" }, async ({ openReader }) => {
  test.setTimeout(120_000);
  const name = uniqueName("Uma");
  const alice = await openReader(POST);
  const uma = await openReader("/");
  await signInWithDemo(uma.page, name);
  const phone = await openReader("/");
  await signInWithDemo(phone.page, name);
  await phone.page.goto(POST);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });

  await stopWorker();
  let restarted = false;
  try {
    await uma.page.goto("/settings");
    await uma.page.getByTestId("show-online-toggle").click();
    const status = uma.page.getByTestId("show-online-status");
    await expect(status).toHaveAttribute("data-everywhere", "false", { timeout: 15_000 });
    await expect(status).toContainText("not everywhere yet");

    await startWorker();
    restarted = true;
    // The page keeps asking; once the worker has heard, it says the plain thing.
    await expect(status).toHaveText("You are hidden.", { timeout: 30_000 });
    await expect(status).toHaveAttribute("data-everywhere", "true");
    // The phone's sockets came back after the restart: hidden, nowhere named.
    await expect(alice.page.getByTestId("readers-online")).toHaveText(/readers? online/, { timeout: 15_000 });
    await alice.page.waitForTimeout(3000);
    await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(0);
    await expect(phone.page.getByTestId("reader-chip").filter({ hasText: name })).toHaveCount(0);
  } finally {
    if (!restarted) await startWorker();
  }
});
