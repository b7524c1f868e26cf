import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PostMeta } from "@/components/blog/post-meta";
import { ArticlePresence } from "@/components/presence/article-presence";
import { ArticleReaders } from "@/components/presence/article-readers";
import { getAllPosts, getPost } from "@/lib/posts";

interface PostPageProps {
  params: Promise<{ slug: string }>;
}

export async function generateStaticParams(): Promise<{ slug: string }[]> {
  return (await getAllPosts()).map(({ slug }) => ({ slug }));
}

export async function generateMetadata({ params }: PostPageProps): Promise<Metadata> {
  const post = await getPost((await params).slug);
  return post ? { title: post.title, description: post.summary } : {};
}

export default async function PostPage({ params }: PostPageProps) {
  const post = await getPost((await params).slug);
  if (!post) notFound();
  return (
    <ArticlePresence slug={post.slug}>
      <article className="post">
        <header className="post-header">
          <h1>{post.title}</h1>
          <PostMeta date={post.date} readingMinutes={post.readingMinutes} tags={post.tags} />
          <ArticleReaders />
        </header>
        <div className="prose" id="post-body" dangerouslySetInnerHTML={{ __html: post.html }} />
      </article>
    </ArticlePresence>
  );
}
