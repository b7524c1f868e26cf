// The presence worker: the entry (every request checked before any object sees it) and its
// Durable Objects. See docs/architecture.md for the map.
import { handleRequest } from "./entry/route";

export { Article } from "./article/article";
export { ArticleRelay } from "./article/article-relay";
export { PostCatalog } from "./catalog/post-catalog";
export { Lobby } from "./lobby/lobby";
export { Site } from "./site/site";

export default { fetch: handleRequest } satisfies ExportedHandler<Env>;
