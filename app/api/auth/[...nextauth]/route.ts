import { handlers } from "@/auth";
import { AUTH_MAX_BODY_BYTES, withBodyLimit } from "@/lib/api/limited-body-route";

export const { GET } = handlers;
// Auth.js reads a POST's whole body before it checks anything; the limit comes first.
export const POST = withBodyLimit(handlers.POST, AUTH_MAX_BODY_BYTES);
