// The script tag's two routes (docs/embedding.md, "Any site, one script tag"): the script
// itself, and the anonymous tickets it connects with. Everything else is the entry's.
import { z } from "zod";
import type { Settings } from "../config/settings";
import { SCRIPT_TAG_PATHS } from "../shared/script-ticket";
import { serveScript } from "./script";
import { issueScriptTicket } from "./ticket";

/** Tests only: "true" counts automated browsers as readers (as the app's COUNT_AUTOMATED_BROWSERS does). */
const countAutomatedSchema = z.object({ COUNT_AUTOMATED_BROWSERS: z.optional(z.enum(["true", "false"])).catch(undefined) });

/** The script tag's answer for this request, or null when it isn't one of its routes. */
export function handleScriptTagRequest(request: Request, url: URL, env: object, settings: Settings): Promise<Response> | Response | null {
  if (url.pathname === SCRIPT_TAG_PATHS.script) return serveScript(request, url);
  if (url.pathname !== SCRIPT_TAG_PATHS.ticket) return null;
  const countAutomated = countAutomatedSchema.parse(env).COUNT_AUTOMATED_BROWSERS === "true";
  return issueScriptTicket(request, settings, countAutomated);
}
