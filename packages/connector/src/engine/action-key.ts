/** The parts that identify one action for one customer and one entry into a stage. */
export interface ActionKeyParts {
  readonly journey: string;
  readonly customerId: string;
  readonly stage: string;
  /** Epoch ms of the stage entry the action belongs to. */
  readonly stageEnteredAt: number;
  readonly action: string;
}

// A customer's actions share one stage entry: its base-36 text is remembered for the next key.
let lastEntered = Number.NaN;
let lastEnteredText = '';

function enteredText(stageEnteredAt: number): string {
  if (stageEnteredAt !== lastEntered) {
    lastEnteredText = Math.floor(stageEnteredAt / 1000).toString(36);
    lastEntered = stageEnteredAt;
  }
  return lastEnteredText;
}

/**
 * The stable action key: the same action for the same customer and the same stage entry is always the
 * same key, so it maps to exactly one task (Salesforce `Journey_Action_Key__c`, an external ID; Sugar
 * `journey_action_key_c`). Readable and collision-free (no hashing): at most 40 + 36 + 40 + 9 + 40
 * characters of ids plus separators, well under the 255 a text field holds.
 *
 * @example
 * actionKey({ journey: 'b2b', customerId: '001A', stage: 'evaluation', stageEnteredAt: 0, action: 'demo' });
 * // 'cj:b2b:001A:evaluation:0:demo'
 */
export function actionKey(parts: ActionKeyParts): string {
  const entered = enteredText(parts.stageEnteredAt);
  return `cj:${parts.journey}:${parts.customerId}:${parts.stage}:${entered}:${parts.action}`;
}
