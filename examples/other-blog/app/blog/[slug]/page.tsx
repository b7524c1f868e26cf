import { notFound } from "next/navigation";
import { ArticlePresence, ArticleReaders } from "@live-readers/embed/client";
import { getPost, getPosts } from "../../../posts";

// A post added to content/ after the build is served at its first request (and has a live room).
export function generateStaticParams(): { slug: string }[] {
  return getPosts().map(({ slug }) => ({ slug }));
}

export default async function PostPage({ params }: { params: Promise<{ slug: string }> }) {
  const post = getPost((await params).slug);
  if (!post) notFound();
  return (
    <ArticlePresence slug={post.slug} bodyId="post-text">
      <article>
        <h1>{post.title}</h1>
        <ArticleReaders />
        <div id="post-text">
          {post.paragraphs.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      </article>
    </ArticlePresence>
  );
}
