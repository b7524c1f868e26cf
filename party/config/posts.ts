import { POST_SLUGS } from "./post-slugs.generated";

const KNOWN_POSTS = new Set(POST_SLUGS);

/** Whether a room or location names a post of the blog (a Set, so "__proto__" and the like are just unknown). */
export const isKnownPost = (slug: unknown): slug is string => typeof slug === "string" && KNOWN_POSTS.has(slug);
