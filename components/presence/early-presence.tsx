import { type EarlyPresenceOptions, earlyPresenceScript } from "../../hooks/early-presence";

/**
 * First thing in the root layout's <body>: asks for the presence ticket while the page's
 * JavaScript loads and opens the tab's presence sockets with it, so the live counts show the
 * sockets' figures before the page hydrates (see hooks/early-presence.ts). Give it the
 * `host`, `ticketUrl` and `postPathPrefix` the <LiveReadersProvider> has.
 */
export function EarlyPresence(options: EarlyPresenceOptions) {
  return <script dangerouslySetInnerHTML={{ __html: earlyPresenceScript(options) }} />;
}
