import { DEFAULT_TICKET_URL, earlyTicketScript } from "../../hooks/early-ticket";

/**
 * First thing in the root layout's <body>: asks for the presence ticket while the page's
 * JavaScript loads, so the live counts don't wait for it after hydration.
 */
export function EarlyPresenceTicket({ ticketUrl = DEFAULT_TICKET_URL }: { ticketUrl?: string }) {
  return <script dangerouslySetInnerHTML={{ __html: earlyTicketScript(ticketUrl) }} />;
}
