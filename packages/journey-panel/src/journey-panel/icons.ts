import type { NextAction, Touchpoint } from '@crm-journey/connector';
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

/** The panel's icon names. Drawn inline: the bundle ships no asset files (Sugar's package scanner refuses .svg). */
export type IconName =
  NextAction['type'] | Touchpoint['channel'] | 'check' | 'back' | 'clock' | 'flag' | 'open' | 'alert' | 'journey';

const paths: Readonly<Record<IconName, SVGTemplateResult>> = {
  task: svg`<rect x="4" y="4" width="16" height="16" rx="2"/><path d="m8.5 12 2.5 2.5 4.5-5"/>`,
  call: svg`<path d="M5 4h3.5l2 5-2.5 1.5a11 11 0 0 0 5.5 5.5l1.5-2.5 5 2V19a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2"/>`,
  phone: svg`<path d="M5 4h3.5l2 5-2.5 1.5a11 11 0 0 0 5.5 5.5l1.5-2.5 5 2V19a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2"/>`,
  meeting: svg`<rect x="4" y="5" width="16" height="16" rx="2"/><path d="M16 3v4M8 3v4M4 11h16"/>`,
  email: svg`<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>`,
  web: svg`<circle cx="12" cy="12" r="9"/><path d="M3.6 9h16.8M3.6 15h16.8M12 3a15 15 0 0 1 0 18M12 3a15 15 0 0 0 0 18"/>`,
  social: svg`<path d="M20 12a8 8 0 0 1-11.6 7.1L4 20l1-4.4A8 8 0 1 1 20 12z"/>`,
  'in-person': svg`<circle cx="9" cy="8" r="3.5"/><path d="M3 20a6 6 0 0 1 12 0M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14.3a6 6 0 0 1 3 5.7"/>`,
  support: svg`<circle cx="12" cy="12" r="9"/><circle cx="12" cy="12" r="4"/><path d="m5.6 5.6 3.6 3.6m5.6 5.6 3.6 3.6m-3.6-9.2 3.6-3.6M5.6 18.4l3.6-3.6"/>`,
  other: svg`<circle cx="12" cy="12" r="3"/>`,
  check: svg`<path d="m5 12.5 4.5 4.5L19 7.5"/>`,
  back: svg`<path d="M9 14 4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11"/>`,
  clock: svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`,
  flag: svg`<path d="M5 21V4h12l-2.5 4.5L17 13H5"/>`,
  open: svg`<path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/>`,
  alert: svg`<path d="M12 3 2 20h20L12 3z"/><path d="M12 10v4M12 17h.01"/>`,
  journey: svg`<circle cx="5" cy="18" r="2"/><circle cx="19" cy="6" r="2"/><path d="M7 18h7a3.5 3.5 0 0 0 0-7h-4a3.5 3.5 0 0 1 0-7h7"/>`,
};

/**
 * An inline, decorative icon: it is hidden from assistive technology, so the text next to it must say
 * what it means. Icons that point in a direction carry `flip` and mirror in right-to-left layouts.
 */
export function icon(name: IconName, className = 'icon'): TemplateResult {
  return html`<svg
    class=${className}
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    ${paths[name]}
  </svg>`;
}
