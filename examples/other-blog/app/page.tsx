import Link from "next/link";
import { PostReadingCountLive } from "@live-readers/embed/client";
import { getPosts } from "../posts";

export default function Home() {
  return (
    <>
      <h1>Another Blog</h1>
      <ul className="post-list">
        {getPosts().map((post) => (
          <li key={post.slug}>
            <Link href={`/blog/${post.slug}`}>{post.title}</Link>
            <PostReadingCountLive slug={post.slug} title={post.title} initialCount={null} />
          </li>
        ))}
      </ul>
    </>
  );
}
