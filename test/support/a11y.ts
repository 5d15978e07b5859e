import type { Page } from 'playwright-core';

/** Roles a person operates; each must have a name a screen reader can say. */
const OPERABLE = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'checkbox',
  'switch',
  'radio',
  'slider',
  'menuitem',
  'option',
  'tab',
  'spinbutton',
]);

export interface UnnamedControl {
  role: string;
  html: string;
}

/**
 * Every operable control on the page whose accessible name Chromium
 * computes as empty, from Chromium's own accessibility tree (CDP), so the
 * check is the browser's name computation rather than a guess at it.
 */
export async function unnamedControls(page: Page): Promise<UnnamedControl[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: Array<{ ignored: boolean; role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number }>;
    };
    const missing: UnnamedControl[] = [];
    for (const node of nodes) {
      const role = node.role?.value ?? '';
      if (node.ignored || !OPERABLE.has(role) || (node.name?.value ?? '').trim() !== '') continue;
      let html = '';
      if (node.backendDOMNodeId) {
        const { outerHTML } = (await cdp.send('DOM.getOuterHTML', { backendNodeId: node.backendDOMNodeId })) as {
          outerHTML: string;
        };
        html = outerHTML.slice(0, 160);
      }
      missing.push({ role, html });
    }
    return missing;
  } finally {
    await cdp.detach();
  }
}

/** How many operable controls Chromium sees, so a check over an empty page cannot pass by accident. */
export async function operableCount(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: Array<{ ignored: boolean; role?: { value: string } }>;
    };
    return nodes.filter((node) => !node.ignored && OPERABLE.has(node.role?.value ?? '')).length;
  } finally {
    await cdp.detach();
  }
}

// Runs in the page (the test tsconfig has no DOM types, hence a string): the focused element's
// HTML when nothing shows that it has focus, else null.
const FOCUS_CHECK = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const shows = (el) => {
    if (!el) return false;
    const style = getComputedStyle(el);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  };
  if (shows(element) || shows(element.closest('.composer-row'))) return null;
  if (element.closest('.segment') && shows(element.nextElementSibling)) return null;
  return element.outerHTML.slice(0, 160);
})()`;

/**
 * Tabs through the page `steps` times and reports each focused element that
 * shows no focus indicator: no outline, and no ring on it or on the field
 * row around it (the composer draws focus on its row).
 */
export async function focusWithoutIndicator(page: Page, steps: number): Promise<string[]> {
  const missing: string[] = [];
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    const problem = (await page.evaluate(FOCUS_CHECK)) as string | null;
    if (problem) missing.push(problem);
  }
  return missing;
}

/**
 * How far the page scrolls sideways, and the controls matching `selector`
 * that poke out of the window: at 200 % zoom both must be nothing.
 */
export function horizontalOverflow(
  page: Page,
  selector = 'button, input, textarea, a',
): Promise<{ scroll: number; clipped: string[] }> {
  // A string, like the focus check above: the tests' TypeScript has no DOM.
  return page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const clipped = [...document.querySelectorAll(${JSON.stringify(selector)})]
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.left < -1 || box.right > width + 1))
      .map(({ el }) => el.outerHTML.slice(0, 100));
    return { scroll: document.documentElement.scrollWidth - width, clipped };
  })()`);
}
