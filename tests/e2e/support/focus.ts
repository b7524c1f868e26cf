// What a keyboard user sees of focus: which element has it, and whether its ring shows.
import type { Page } from "@playwright/test";

export interface FocusSeen {
  /** The same element always has the same key, for the page's life. */
  key: number;
  /** Tag, test id or text: names the element in a failure. */
  label: string;
  /** An outline at least 2px wide, on an element not faded out. */
  ringShows: boolean;
  /** The outline's colour against the background behind it (WCAG asks 3:1 of a focus indicator). */
  ringContrast: number;
  /** The outline as computed (style, width, colour), for failure messages. */
  ring: string;
}

// Runs in the page: one key per element, kept on window so every call agrees.
function keyOf(element: Element): number {
  const registry = window as unknown as { __focusKeys?: WeakMap<Element, number>; __focusNext?: number };
  registry.__focusKeys ??= new WeakMap();
  registry.__focusNext ??= 0;
  if (!registry.__focusKeys.has(element)) registry.__focusKeys.set(element, registry.__focusNext++);
  return registry.__focusKeys.get(element)!;
}

/**
 * Every control Tab should reach in the page as it is now, with labels, in document order. A
 * group of radio buttons is one stop (its checked one, else its first): arrows move within it.
 */
export async function tabbableControls(page: Page): Promise<{ key: number; label: string }[]> {
  return page.evaluate(`(() => {
    const keyOf = ${keyOf.toString()};
    const selector = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
    const radioStop = (radio) => {
      const group = [...document.querySelectorAll('input[type="radio"]')].filter((other) => other.name === radio.name && other.form === radio.form);
      return (group.find((other) => other.checked) ?? group[0]) === radio;
    };
    return [...document.querySelectorAll(selector)]
      .filter((element) => element.tabIndex >= 0 && element.checkVisibility({ visibilityProperty: true }))
      .filter((element) => !(element instanceof HTMLInputElement && element.type === "radio" && element.name) || radioStop(element))
      .map((element) => ({ key: keyOf(element), label: element.outerHTML.slice(0, 120) }));
  })()`);
}

/** The focused element and its ring, or null when focus is not on an element of the page. */
export async function focusSeen(page: Page): Promise<FocusSeen | null> {
  return page.evaluate(`(() => {
    const keyOf = ${keyOf.toString()};
    const element = document.activeElement;
    if (!element || element === document.body || element === document.documentElement) return null;
    const rgb = (color) => (color.match(/[\\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]) => {
      const [R, G, B] = [r, g, b].map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    // The ring sits outside the element (outline-offset): what is behind it is a parent's background.
    let behind = [255, 255, 255];
    for (let node = element.parentElement; node; node = node.parentElement) {
      const color = rgb(getComputedStyle(node).backgroundColor);
      if (color.length === 3 || (color.length === 4 && color[3] > 0)) { behind = color.slice(0, 3); break; }
    }
    let opacity = 1;
    for (let node = element; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
    const style = getComputedStyle(element);
    const [light, dark] = [luminance(rgb(style.outlineColor)), luminance(behind)].sort((a, b) => b - a);
    return {
      key: keyOf(element),
      label: element.outerHTML.slice(0, 120),
      ringShows: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && opacity > 0.99,
      ringContrast: Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100,
      ring: [style.outlineStyle, style.outlineWidth, style.outlineColor, "opacity " + opacity].join(" "),
    };
  })()`);
}

/** Puts focus back at the top of the page, as on arrival, so the next Tab reaches the first control. */
export async function focusPageTop(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute("tabindex");
  });
}
