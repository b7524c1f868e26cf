import { AppLink } from "@/components/blog/app-link";
import { PostMeta } from "@/components/blog/post-meta";
import { PostReadingCount } from "@/components/presence/post-reading-count";
import { ReadingNowRanking } from "@/components/presence/reading-now-ranking";
import { getAllPosts } from "@/lib/posts";

export default async function HomePage() {
  const posts = await getAllPosts();
  return (
    <div className="home">
      <div className="home-posts">
        <h1 className="home-title">Notes on live presence</h1>
        <p className="home-intro">Building live presence for the web, on a blog that shows its own readers, live.</p>
        <ol className="post-list" data-testid="post-list">
          {posts.map((post) => (
            <li key={post.slug} className="post-item" data-testid="post-item" data-slug={post.slug}>
              <h2 className="post-item-title">
                <AppLink href={`/posts/${post.slug}`}>{post.title}</AppLink>
              </h2>
              <div className="post-item-meta">
                <PostMeta date={post.date} readingMinutes={post.readingMinutes} tags={post.tags} />
                <PostReadingCount slug={post.slug} title={post.title} />
              </div>
              <p className="post-item-summary">{post.summary}</p>
            </li>
          ))}
        </ol>
      </div>
      <aside className="home-sidebar">
        <ReadingNowRanking posts={posts.map((post) => ({ slug: post.slug, title: post.title }))} />
      </aside>
    </div>
  );
}
