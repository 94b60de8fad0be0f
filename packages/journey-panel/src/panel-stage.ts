/**
 * One stage of the journey as the panel shows it: serialisable, so hosts can ship it as JSON next to the
 * bundle. Build it from the journey file with `toPanelStages`.
 */
export interface PanelStage {
  readonly id: string;
  readonly label: string;
  /** The stage in the customer's words ("I am comparing options..."). */
  readonly description?: string;
  /** What the customer wants to achieve in this stage. */
  readonly goal?: string;
  /** The customer SLA for this stage, in days. */
  readonly targetDays?: number;
}

/** The fields `toPanelStages` reads: a journey file's stage or the connector's `StageDefinition` both fit. */
export interface PanelStageSource {
  readonly id: string;
  readonly label: string;
  readonly description?: string | undefined;
  readonly goal?: string | undefined;
  readonly targetDays?: number | undefined;
}

/**
 * The panel's stages from a journey's stages, dropping everything the panel does not show (conditions,
 * actions, templates).
 *
 * @example
 * panel.stages = toPanelStages(journeyFile.stages);
 */
export function toPanelStages(stages: readonly PanelStageSource[]): PanelStage[] {
  return stages.map(({ id, label, description, goal, targetDays }) => ({
    id,
    label,
    ...(description === undefined ? {} : { description }),
    ...(goal === undefined ? {} : { goal }),
    ...(targetDays === undefined ? {} : { targetDays }),
  }));
}
