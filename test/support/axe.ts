// axe-core (WCAG 2.2 AA rules and best practices) run in a page of the dashboard, plus a check that
// the page does not scroll sideways: what the browser tests hold every view to.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Each serious or critical violation in `page`, and sideways scrolling, as a line starting with `where`. */
export async function accessibilityProblems(page: Page, where: string): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}${n.failureSummary ? `: ${n.failureSummary.split('\n').slice(1, 2).join('').trim()}` : ''}`) }));
  })) as { id: string; impact: string | null; help: string; nodes: string[] }[];
  const problems = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(' | ')}`);
  // Runs in the page, so the document is reached through globalThis (the tests compile without the DOM lib).
  const width = await page.evaluate(() => {
    const page = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
    return { scroll: page.document.documentElement.scrollWidth, viewport: page.innerWidth };
  });
  if (width.scroll > width.viewport) problems.push(`${where}: the page scrolls sideways (${width.scroll} px in ${width.viewport} px)`);
  return problems;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}
