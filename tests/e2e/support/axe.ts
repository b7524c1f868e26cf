// axe-core in the page, from node_modules (no CDN: @axe-core/playwright injects its bundled copy).
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/** WCAG 2.0 and 2.1, levels A and AA, and axe's best practices. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

export type AxeViolation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

/** What axe finds on the page as it is now, tagged with where it was found (e.g. "dark, phone"). */
export async function axeViolations(page: Page, where: string): Promise<(AxeViolation & { where: string })[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return violations.map((violation) => ({ ...violation, where }));
}

/**
 * One line per rule and place, then each failing element's selector, and why it fails where
 * that differs from the element before: a failure names the rule and the element.
 */
export function formatViolations(violations: (AxeViolation & { where: string })[]): string {
  return violations
    .map(({ id, help, impact, where, nodes }) => {
      const elements = nodes.map((node, index) => {
        const why = node.failureSummary && node.failureSummary !== nodes[index - 1]?.failureSummary ? node.failureSummary : null;
        return `    ${node.target.join(" ")}${why ? `\n      ${why.split("\n").join("\n      ")}` : ""}`;
      });
      return `[${where}] ${id} (${impact ?? "n/a"}): ${help} — ${nodes.length} element(s)\n${elements.join("\n")}`;
    })
    .join("\n");
}
