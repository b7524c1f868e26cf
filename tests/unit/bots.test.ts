import { describe, expect, it } from "vitest";
import { isAutomatedBrowser, isKnownBot } from "@/party/shared/bots";

describe("readers who are not people", () => {
  it.each([
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
    "curl/8.4.0",
  ])("%s is a bot", (userAgent) => {
    expect(isKnownBot(userAgent)).toBe(true);
  });

  it("a person's browser is not, unless WebDriver drives it", () => {
    const chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    expect(isAutomatedBrowser({ userAgent: chrome })).toBe(false);
    expect(isAutomatedBrowser({ userAgent: chrome, webdriver: true })).toBe(true);
  });
});
