// Role queries inside a closed shadow root. The page's locators (Playwright's) stop at closed roots, as
// every script outside the element does; Lit keeps the root it attached (`renderRoot`), and axe-core
// computes roles and accessible names the way assistive technology sees them.
import axe from 'axe-core';

interface AxeRoles {
  readonly aria: { getRole(element: Element): string | null };
}

/** Every element under `root` with this ARIA role, with its accessible name. */
function elementsWithRole(root: ShadowRoot, role: string): { element: HTMLElement; name: string }[] {
  const found: { element: HTMLElement; name: string }[] = [];
  for (const top of root.children) {
    axe.setup(top);
    try {
      for (const element of [top, ...top.querySelectorAll('*')]) {
        if (!(element instanceof HTMLElement)) continue;
        if ((axe.commons as unknown as AxeRoles).aria.getRole(element) !== role) continue;
        found.push({ element, name: axe.commons.text.accessibleText(element).trim() });
      }
    } finally {
      axe.teardown();
    }
  }
  return found;
}

/** The one element with this role whose accessible name matches; throws naming what is there otherwise. */
export function getByRole(root: ShadowRoot, role: string, name: string | RegExp): HTMLElement {
  const all = elementsWithRole(root, role);
  const found = all.filter((item) => (typeof name === 'string' ? item.name === name : name.test(item.name)));
  if (found.length !== 1 || !found[0]) {
    const names = all.map((item) => item.name).join(' | ');
    throw new Error(`expected one ${role} named ${String(name)}, found ${String(found.length)} among: ${names}`);
  }
  return found[0].element;
}
