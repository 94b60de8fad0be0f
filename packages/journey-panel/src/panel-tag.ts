/** The custom-element tag of the journey panel. */
export const PANEL_TAG = 'cj-journey-panel';
