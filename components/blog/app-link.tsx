"use client";
import { useRouter } from "next/navigation";
import type { AnchorHTMLAttributes, MouseEvent } from "react";

type AppLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href" | "onClick" | "onPointerEnter" | "onFocus" | "onTouchStart"> & {
  /** A path of this blog. */
  href: `/${string}`;
};

/**
 * A link to another page of the blog: a plain <a> that navigates client-side, so the page's
 * live sockets stay connected, and prefetches the page when the reader heads for it (pointer,
 * focus, touch). next/link does this and more (prefetch on sight, link status) for about 3 kB
 * compressed on every reader's page; this is the part a blog's readers use.
 */
export function AppLink({ href, ...rest }: AppLinkProps) {
  const router = useRouter();
  const prefetch = () => router.prefetch(href);
  const navigate = (event: MouseEvent<HTMLAnchorElement>) => {
    // A new tab or window, a download or another target: the browser's own.
    const ownWay = event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (ownWay || (rest.target && rest.target !== "_self") || rest.download !== undefined) return;
    event.preventDefault();
    router.push(href);
  };
  return (
    <a
      {...rest}
      href={href}
      onClick={navigate}
      onPointerEnter={prefetch}
      onFocus={prefetch}
      onTouchStart={prefetch}
    />
  );
}
