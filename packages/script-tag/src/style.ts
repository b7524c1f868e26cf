/** presence.css, minified by the build (scripts/build-script-tag.mjs): the rail and the lists look as on the app's pages. */
declare const __PRESENCE_CSS__: string;

const STYLE_ID = "live-readers-style";

/** Adds the stylesheet once, first in <head>, so the site's own rules win where they overlap. */
export function injectStyle(): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = __PRESENCE_CSS__;
  document.head.prepend(style);
}
