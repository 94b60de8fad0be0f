import { css } from 'lit';

/**
 * The panel's styles. Every colour, font and radius goes through a `--cj-*` custom property with a
 * fallback; the fallbacks use `light-dark()`, so a page (or host element) with `color-scheme: dark` gets the
 * dark palette. Only logical properties: the same rules lay out left to right and right to left.
 */
export const journeyPanelStyles = css`
  :host {
    --_font: var(
      --cj-font-family,
      'Salesforce Sans',
      -apple-system,
      BlinkMacSystemFont,
      'Segoe UI',
      Roboto,
      'Helvetica Neue',
      Arial,
      sans-serif
    );
    --_accent: var(--cj-color-accent, light-dark(#0176d3, #78b0fd));
    --_accent-strong: var(--cj-color-accent-strong, light-dark(#014486, #aacbff));
    --_on-accent: var(--cj-color-accent-contrast, light-dark(#ffffff, #001639));
    --_accent-soft: light-dark(#eef4ff, #10243f);
    --_text: var(--cj-color-text, light-dark(#181818, #f3f3f3));
    --_text-weak: var(--cj-color-text-weak, light-dark(#5c5c5c, #c9c9c9));
    --_bg: var(--cj-color-background, light-dark(#ffffff, #1f1f1f));
    --_surface: var(--cj-color-surface, light-dark(#f3f3f3, #2b2b2b));
    --_border: var(--cj-color-border, light-dark(#e5e5e5, #474747));
    --_border-strong: light-dark(#c9c9c9, #5c5c5c);
    --_success: var(--cj-color-success, light-dark(#2e844a, #45c65a));
    --_success-soft: light-dark(#ebf7e6, #12301c);
    --_success-text: light-dark(#194e31, #91db8b);
    --_warning: var(--cj-color-warning, light-dark(#dd7a01, #fcc003));
    --_warning-soft: light-dark(#fef1cd, #3d2c05);
    --_warning-text: light-dark(#6f3400, #fcc003);
    --_error: var(--cj-color-error, light-dark(#ea001e, #fe8f7d));
    --_error-soft: light-dark(#fddde3, #43141a);
    --_error-text: light-dark(#8e030f, #feb9a5);
    --_radius: var(--cj-radius, 0.25rem);
    --_shadow: 0 2px 2px 0 light-dark(rgb(0 0 0 / 0.1), rgb(0 0 0 / 0.4));
    --_marker: 1.75rem;
    --_marker-radius: 50%;
    display: block;
    font-family: var(--_font);
    font-size: var(--cj-font-size, 0.8125rem);
    line-height: 1.5;
    color: var(--_text);
  }

  :host([theme='sugar']) {
    --_font: var(--cj-font-family, Inter, 'Helvetica Neue', Helvetica, Arial, sans-serif);
    --_accent: var(--cj-color-accent, light-dark(#0679c8, #6cb8f0));
    --_accent-strong: var(--cj-color-accent-strong, light-dark(#0b4f85, #a9d6f7));
    --_accent-soft: light-dark(#e9f3fb, #0f2a40);
    --_text: var(--cj-color-text, light-dark(#2b2d2e, #f1f1f1));
    --_text-weak: var(--cj-color-text-weak, light-dark(#595e63, #c4c8cc));
    --_surface: var(--cj-color-surface, light-dark(#f6f7f8, #2a2d31));
    --_border: var(--cj-color-border, light-dark(#dde1e5, #454a50));
    --_border-strong: light-dark(#c3c9cf, #5d6369);
    --_radius: var(--cj-radius, 0.5rem);
    --_shadow: none;
    --_marker-radius: 0.5rem;
    font-size: var(--cj-font-size, 0.875rem);
  }

  :host([theme='sugar']) .panel {
    padding: 0.5rem 0;
    border: 0;
  }

  :host([theme='sugar']) .pill {
    border-radius: 0.25rem;
  }

  :host([theme='sugar']) .detail {
    border-inline-start-width: 1px;
    border-block-start: 3px solid var(--_accent);
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  p,
  h2,
  h3,
  h4,
  ol,
  ul,
  figure {
    margin: 0;
  }

  ol,
  ul {
    padding: 0;
    list-style: none;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  :focus-visible {
    outline: 2px solid var(--cj-focus-ring, var(--_accent));
    outline-offset: 2px;
  }

  .icon {
    inline-size: 1rem;
    block-size: 1rem;
    flex: none;
  }

  [dir='rtl'] .flip {
    transform: scaleX(-1);
  }

  .muted {
    color: var(--_text-weak);
  }

  /* The frame */

  .panel {
    container: panel / inline-size;
    display: flex;
    flex-direction: column;
    gap: 1rem;
    padding: 1rem;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }

  .header {
    display: flex;
    align-items: center;
    gap: 0.75rem;
  }

  .header-icon {
    display: grid;
    place-items: center;
    inline-size: 2rem;
    block-size: 2rem;
    border-radius: var(--_radius);
    background: var(--_accent-strong);
    color: var(--_on-accent);
    flex: none;
  }

  .header-icon .icon {
    inline-size: 1.25rem;
    block-size: 1.25rem;
  }

  .header-text {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    min-inline-size: 0;
  }

  .title {
    font-size: 1rem;
    font-weight: 700;
    line-height: 1.25;
  }

  .subtitle {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  .columns {
    display: grid;
    gap: 1rem;
    align-items: start;
  }

  .column {
    display: grid;
    gap: 1rem;
    min-inline-size: 0;
  }

  @container panel (min-width: 720px) {
    .columns {
      grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr);
    }
  }

  .card {
    padding: 0.75rem 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }

  .section-title {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin-block-end: 0.5rem;
    font-size: 0.875rem;
    font-weight: 700;
  }

  .count {
    padding: 0 0.5rem;
    border-radius: 1rem;
    background: var(--_surface);
    color: var(--_text-weak);
    font-size: 0.75rem;
    font-weight: 400;
  }

  /* Badges and buttons */

  .pill {
    display: inline-flex;
    align-items: center;
    padding: 0.0625rem 0.5rem;
    border-radius: 1rem;
    font-size: 0.75rem;
    font-weight: 600;
    line-height: 1.25rem;
    white-space: nowrap;
    background: var(--_surface);
    color: var(--_text);
  }

  .pill.on-time,
  .pill.status-done,
  .pill.status-existing {
    background: var(--_success-soft);
    color: var(--_success-text);
  }

  .pill.at-risk,
  .pill.warning,
  .pill.status-blocked {
    background: var(--_warning-soft);
    color: var(--_warning-text);
  }

  .pill.overdue {
    background: var(--_error-soft);
    color: var(--_error-text);
  }

  .pill.info,
  .pill.status-new,
  .pill.status-suggested {
    background: var(--_accent-soft);
    color: var(--_accent-strong);
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-block-size: 2rem;
    padding: 0 1rem;
    border: 1px solid var(--_border-strong);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_accent-strong);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }

  .button.brand {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
  }

  .button.brand:hover {
    background: var(--_accent-strong);
    border-color: var(--_accent-strong);
  }

  .button.neutral:hover {
    background: var(--_surface);
  }

  .button.small {
    min-block-size: 1.75rem;
    padding: 0 0.75rem;
    justify-self: start;
  }

  .link {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_accent-strong);
    font: inherit;
    text-align: start;
    cursor: pointer;
  }

  .link:hover {
    text-decoration: underline;
  }

  .customer {
    font-weight: 600;
  }

  .toggle {
    margin-block-start: 0.5rem;
    font-weight: 600;
  }

  /* Stage track */

  .track-list {
    display: grid;
    grid-auto-flow: column;
    grid-auto-columns: minmax(0, 1fr);
  }

  .stop {
    position: relative;
  }

  .stop:not(:first-child)::before {
    content: '';
    position: absolute;
    inset-block-start: calc(var(--_marker) / 2 + 0.25rem - 1px);
    inset-inline-end: calc(50% + var(--_marker) / 2 + 0.25rem);
    inline-size: calc(100% - var(--_marker) - 0.5rem);
    block-size: 2px;
    background: var(--_border-strong);
  }

  .stop.completed::before,
  .stop.skipped::before,
  .stop.current::before {
    background: var(--_success);
  }

  .stop.revisited::before {
    background: repeating-linear-gradient(to right, var(--_warning) 0 4px, transparent 4px 8px);
  }

  .stop-button {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.25rem;
    inline-size: 100%;
    padding: 0.25rem 0.125rem;
    border: 0;
    border-radius: var(--_radius);
    background: none;
    color: inherit;
    font: inherit;
    cursor: pointer;
  }

  .stop-button:hover .marker {
    box-shadow: 0 0 0 3px var(--_accent-soft);
  }

  .marker {
    display: grid;
    place-items: center;
    inline-size: var(--_marker);
    block-size: var(--_marker);
    border: 2px solid var(--_border-strong);
    border-radius: var(--_marker-radius);
    background: var(--_bg);
    color: var(--_text-weak);
    font-size: 0.75rem;
    font-weight: 700;
  }

  .marker-icon {
    inline-size: 0.95rem;
    block-size: 0.95rem;
  }

  .completed .marker {
    border-color: var(--_success);
    background: var(--_success);
    color: light-dark(#ffffff, #0d1f12);
  }

  .skipped .marker {
    border-style: dashed;
    border-color: var(--_success);
    color: var(--_success-text);
  }

  .current .marker {
    border-color: var(--_accent-strong);
    background: var(--_accent-strong);
    color: var(--_on-accent);
    box-shadow: 0 0 0 4px var(--_accent-soft);
  }

  .revisited .marker {
    border-style: dashed;
    border-color: var(--_warning);
    background: var(--_warning-soft);
    color: var(--_warning-text);
  }

  .stop-label {
    max-inline-size: 100%;
    font-size: 0.75rem;
    line-height: 1.25;
    color: var(--_text-weak);
    overflow-wrap: anywhere;
    text-align: center;
  }

  .current .stop-label {
    color: var(--_text);
    font-weight: 700;
  }

  .selected:not(.current) .stop-label {
    color: var(--_accent-strong);
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }

  /* Too narrow for seven labels: the stage card below names the selected stage. */
  @container panel (max-width: 479px) {
    .stop-label {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
  }

  /* Selected stage */

  .detail {
    display: grid;
    gap: 0.5rem;
    border-inline-start: 4px solid var(--_border-strong);
  }

  .detail.is-current {
    border-inline-start-color: var(--_accent-strong);
    background: var(--_accent-soft);
  }

  .overline {
    color: var(--_text-weak);
    font-size: 0.6875rem;
    font-weight: 700;
    letter-spacing: 0.06em;
    text-transform: uppercase;
  }

  .stage-title {
    font-size: 1.25rem;
    font-weight: 700;
    line-height: 1.25;
  }

  .time-line {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
  }

  .time-days {
    font-weight: 600;
  }

  .time-target {
    margin-block-start: 0.125rem;
    font-size: 0.75rem;
  }

  .bar {
    block-size: 0.375rem;
    margin-block-start: 0.375rem;
    border-radius: 1rem;
    background: light-dark(rgb(0 0 0 / 0.08), rgb(255 255 255 / 0.12));
    overflow: hidden;
  }

  .bar-fill {
    display: block;
    block-size: 100%;
    border-radius: inherit;
    background: var(--_success);
    transition: inline-size 0.4s ease-out;
  }

  .at-risk .bar-fill {
    background: var(--_warning);
  }

  .overdue .bar-fill {
    background: var(--_error);
  }

  .no-target .bar-fill {
    background: var(--_accent);
  }

  .voice {
    font-style: italic;
    color: var(--_text-weak);
  }

  .label {
    font-weight: 700;
  }

  .guidance {
    display: flex;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius);
    background: var(--_bg);
    border: 1px solid var(--_border);
  }

  .guidance .icon {
    margin-block-start: 0.125rem;
    color: var(--_accent);
  }

  /* Next actions */

  .action-list {
    display: grid;
  }

  .action {
    display: flex;
    gap: 0.75rem;
    padding-block: 0.625rem;
    border-block-start: 1px solid var(--_border);
  }

  .action:first-child {
    border-block-start: 0;
    padding-block-start: 0.125rem;
  }

  .action.done .action-subject,
  .action.existing .action-subject {
    color: var(--_text-weak);
  }

  .action.done .action-subject {
    text-decoration: line-through;
  }

  .action-icon {
    display: grid;
    place-items: center;
    inline-size: 1.75rem;
    block-size: 1.75rem;
    border-radius: var(--_radius);
    color: #ffffff;
    flex: none;
  }

  .action-icon.task {
    background: #3ba755;
  }

  .action-icon.call {
    background: #0d9dda;
  }

  .action-icon.meeting {
    background: #b060e3;
  }

  .action-icon.email {
    background: #939393;
  }

  .action-body {
    display: grid;
    gap: 0.25rem;
    min-inline-size: 0;
    flex: 1;
  }

  .action-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
  }

  .action-subject {
    font-weight: 600;
  }

  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.75rem;
    color: var(--_text-weak);
    font-size: 0.75rem;
  }

  .due {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
  }

  .due.late {
    color: var(--_error-text);
    font-weight: 600;
  }

  .due .icon {
    inline-size: 0.875rem;
    block-size: 0.875rem;
  }

  .priority {
    color: var(--_warning-text);
    font-weight: 600;
  }

  .blocked-note {
    color: var(--_warning-text);
    font-size: 0.75rem;
  }

  .action-description {
    font-size: 0.75rem;
  }

  .action-buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-block-start: 0.25rem;
  }

  /* History */

  .group-title {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    margin-block: 0.5rem 0.25rem;
    color: var(--_text-weak);
    font-size: 0.6875rem;
    font-weight: 700;
    letter-spacing: 0.06em;
    text-transform: uppercase;
  }

  .entries {
    display: grid;
  }

  .entry {
    position: relative;
    display: flex;
    gap: 0.625rem;
    padding-block-end: 0.625rem;
  }

  .entry:not(:last-child)::before {
    content: '';
    position: absolute;
    inset-block: 1rem 0;
    inset-inline-start: calc(0.5rem - 1px);
    inline-size: 2px;
    background: var(--_border);
  }

  .entry-marker {
    display: grid;
    place-items: center;
    inline-size: 1rem;
    block-size: 1rem;
    margin-block-start: 0.125rem;
    border: 2px solid var(--_success);
    border-radius: 50%;
    background: var(--_bg);
    flex: none;
  }

  .entry.backward .entry-marker {
    border-color: var(--_warning);
    color: var(--_warning-text);
  }

  .entry-marker .icon {
    inline-size: 0.625rem;
    block-size: 0.625rem;
  }

  .entry-body {
    display: grid;
    gap: 0.125rem;
    min-inline-size: 0;
  }

  .entry-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  .entry-stage {
    font-weight: 600;
  }

  .reason {
    font-size: 0.75rem;
    color: var(--_text-weak);
  }

  .backward .reason {
    color: var(--_text);
  }

  /* Touchpoints */

  .curve {
    display: grid;
    gap: 0.25rem;
    margin-block-end: 0.75rem;
  }

  .curve-chart {
    display: block;
    inline-size: 100%;
    block-size: auto;
    border-radius: var(--_radius);
  }

  [dir='rtl'] .curve-chart {
    transform: scaleX(-1);
  }

  .zone.positive {
    fill: var(--_success);
    fill-opacity: 0.08;
  }

  .zone.negative {
    fill: var(--_error);
    fill-opacity: 0.07;
  }

  .axis {
    stroke: var(--_border-strong);
    stroke-width: 1;
  }

  .stage-mark {
    stroke: var(--_border-strong);
    stroke-dasharray: 3 4;
  }

  .line {
    fill: none;
    stroke: var(--_accent);
    stroke-width: 2;
    stroke-linejoin: round;
  }

  .dot {
    stroke: var(--_bg);
    stroke-width: 2;
    fill: var(--_text-weak);
  }

  .dot.positive {
    fill: var(--_success);
  }

  .dot.negative {
    fill: var(--_error);
  }

  figcaption {
    display: grid;
    font-size: 0.75rem;
  }

  .caption-title {
    font-weight: 600;
  }

  .curve-range {
    display: flex;
    justify-content: space-between;
  }

  .timeline {
    display: grid;
    gap: 0.5rem;
  }

  .touchpoint {
    display: flex;
    gap: 0.625rem;
  }

  .channel {
    display: grid;
    place-items: center;
    inline-size: 1.75rem;
    block-size: 1.75rem;
    border-radius: 50%;
    background: var(--_surface);
    color: var(--_text-weak);
    flex: none;
  }

  .channel.positive {
    background: var(--_success-soft);
    color: var(--_success-text);
  }

  .channel.negative {
    background: var(--_error-soft);
    color: var(--_error-text);
  }

  .touchpoint-body {
    display: grid;
    min-inline-size: 0;
  }

  .touchpoint-subject {
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .emotion.positive {
    color: var(--_success-text);
  }

  .emotion.negative {
    color: var(--_error-text);
  }

  /* Loading, empty, error */

  .message {
    display: flex;
    gap: 0.75rem;
    align-items: flex-start;
    padding: 0.75rem 1rem;
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .message.loading {
    flex-direction: column;
    align-items: stretch;
    background: none;
    padding: 0;
  }

  .message.error {
    background: var(--_error-soft);
    color: var(--_error-text);
  }

  .message-icon {
    inline-size: 1.5rem;
    block-size: 1.5rem;
    flex: none;
    color: var(--_accent);
  }

  .error .message-icon {
    color: var(--_error-text);
  }

  .message-title {
    font-weight: 700;
  }

  .error-detail {
    margin-block-start: 0.25rem;
    font-family: ui-monospace, Menlo, Consolas, monospace;
    font-size: 0.75rem;
    overflow-wrap: anywhere;
  }

  .skeleton {
    display: grid;
    gap: 0.5rem;
  }

  .skeleton span {
    block-size: 0.875rem;
    border-radius: var(--_radius);
    background: linear-gradient(90deg, var(--_surface) 25%, var(--_border) 50%, var(--_surface) 75%);
    background-size: 200% 100%;
    animation: shimmer 1.4s linear infinite;
  }

  .skeleton span:first-child {
    block-size: 2rem;
  }

  .skeleton span:last-child {
    inline-size: 60%;
  }

  @keyframes shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }

  /* To reach the next stage: the checklist, and a backward move that is close */

  .check-progress {
    display: block;
    inline-size: 100%;
    block-size: 0.5rem;
    margin-block-end: 0.5rem;
    accent-color: var(--_success);
  }

  .check-list {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .check-item {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
  }

  .check-mark {
    display: inline-flex;
    flex: none;
    align-items: center;
    justify-content: center;
    inline-size: 1.125rem;
    block-size: 1.125rem;
    margin-block-start: 0.0625rem;
    border: 2px solid var(--_border-strong);
    border-radius: 50%;
    color: var(--_on-accent);
  }

  .check-item.met .check-mark {
    border-color: var(--_success);
    background: var(--_success);
  }

  .check-mark svg {
    inline-size: 0.75rem;
    block-size: 0.75rem;
  }

  .check-body {
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }

  .check-item.met .check-text {
    color: var(--_text-weak);
  }

  .check-hint {
    margin-block-start: 0.125rem;
    padding-inline-start: 0.5rem;
    border-inline-start: 2px solid var(--_warning);
    color: var(--_warning-text);
    font-size: 0.8125rem;
  }

  .checklist .muted {
    margin-block-end: 0.5rem;
  }

  .risk {
    margin-block-start: 0.75rem;
    padding-block-start: 0.75rem;
    border-block-start: 1px solid var(--_border);
  }

  .risk-title {
    color: var(--_warning-text);
  }

  /* Key fields, editable in place */

  .key-field-list {
    display: grid;
    gap: 0.375rem;
    margin: 0;
  }

  .key-field {
    display: grid;
    grid-template-columns: minmax(6rem, 1fr) minmax(0, 2fr);
    gap: 0.5rem;
    align-items: baseline;
  }

  .key-field-label {
    color: var(--_text-weak);
    font-size: 0.8125rem;
    overflow-wrap: anywhere;
  }

  .key-field-value {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5rem;
    margin: 0;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }

  .key-field-form {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.375rem;
  }

  .input {
    min-inline-size: 0;
    inline-size: 12rem;
    max-inline-size: 100%;
    padding-block: 0.25rem;
    padding-inline: 0.5rem;
    border: 1px solid var(--_border-strong);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
  }

  .key-field-error {
    flex-basis: 100%;
    color: var(--_error-text);
    font-size: 0.8125rem;
  }

  @media (prefers-reduced-motion: reduce) {
    .skeleton span {
      animation: none;
    }

    .bar-fill {
      transition: none;
    }
  }

  @media (forced-colors: active) {
    .marker,
    .pill,
    .button {
      border: 1px solid CanvasText;
    }
  }
`;
