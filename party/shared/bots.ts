// Readers are people. Crawlers, link previewers, headless and automated browsers see the live
// figures like anyone, and count nowhere: not online, not on a rail, not in the owner's figures.

const KNOWN_BOTS =
  /bot\b|bot\/|crawl|spider|slurp|facebookexternalhit|embedly|quora link preview|preview|whatsapp|skypeuripreview|headlesschrome|phantomjs|lighthouse|pingdom|uptime|monitor|curl\/|wget\/|python-requests|go-http-client|node-fetch|axios\//i;

/** Whether a User-Agent says it is a crawler, a link previewer, a monitor or a headless browser. */
export const isKnownBot = (userAgent: string | null | undefined) => KNOWN_BOTS.test(userAgent ?? "");

/** Whether this browser is driven by software (WebDriver, headless), from what it tells about itself. */
export const isAutomatedBrowser = ({ webdriver, userAgent }: { webdriver?: boolean; userAgent: string }) => webdriver === true || isKnownBot(userAgent);
