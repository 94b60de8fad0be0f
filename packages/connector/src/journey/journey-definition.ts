import type { CustomerCondition, RecordCondition } from '../conditions/condition-ast.ts';
import type { CrmProfile } from '../profiles/crm-profile.ts';
import type { Template } from './template.ts';
import type {
  Action,
  DueRule,
  JourneyFile,
  Move,
  OwnerRule,
  Segment,
  Stage,
  TouchpointRule,
} from './journey-schema.ts';

/** An action after validation: conditions normalised, templates parsed. */
export interface ActionDefinition {
  readonly id: string;
  readonly type: Action['type'];
  readonly subject: Template;
  readonly description: Template | undefined;
  readonly due: DueRule | undefined;
  /** For `due.field`: the object and field the due date is anchored on. */
  readonly dueField: { readonly object: string; readonly field: string } | undefined;
  readonly priority: Action['priority'];
  readonly owner: OwnerRule;
  readonly mode: Action['mode'];
  readonly after: readonly string[];
  readonly when: CustomerCondition | undefined;
  /** Where the action was written, e.g. `stages[2].actions[0]`. */
  readonly path: string;
}

/** A stage after validation. */
export interface StageDefinition {
  readonly id: string;
  readonly index: number;
  readonly label: string;
  readonly description: string | undefined;
  readonly goal: string | undefined;
  readonly targetDays: number | undefined;
  readonly guidance: Template | undefined;
  readonly when: CustomerCondition;
  readonly actions: readonly ActionDefinition[];
  readonly source: Stage;
  /** Fields of the root record shown (and editable) in the panel while the customer is in this stage. */
  readonly keyFields: readonly string[];
}

/** A backward move after validation. */
export interface MoveDefinition {
  readonly id: string;
  readonly label: string;
  readonly outcome: Move['outcome'];
  readonly toIndex: number;
  /** Stage indexes the move applies from. */
  readonly fromIndexes: ReadonlySet<number>;
  readonly reason: string;
  readonly when: CustomerCondition;
}

/** What a segment changes in one stage. */
export interface StageOverrideDefinition {
  readonly targetDays: number | undefined;
  readonly guidance: Template | undefined;
  readonly actions: readonly ActionDefinition[] | undefined;
}

/** A segment after validation. */
export interface SegmentDefinition {
  readonly id: string;
  readonly label: string;
  readonly when: CustomerCondition;
  readonly stages: ReadonlyMap<string, StageOverrideDefinition>;
  readonly source: Segment;
}

/** A touchpoint rule after validation. */
export interface TouchpointDefinition {
  readonly id: string;
  readonly object: string;
  readonly where: RecordCondition;
  readonly channel: TouchpointRule['channel'];
  readonly dateField: string;
  readonly subjectField: string;
  readonly emotion: readonly {
    readonly where: RecordCondition;
    readonly score: number;
    readonly label: string | undefined;
  }[];
}

/** A validated journey: the input the engine compiles. */
export interface JourneyDefinition {
  readonly id: string;
  readonly name: string;
  readonly revision: number;
  readonly file: string;
  readonly profile: CrmProfile;
  /** The customer root object, e.g. `Account` or `Contacts`. */
  readonly root: string;
  /** Custom objects' link fields to the root. */
  readonly links: Readonly<Record<string, string>>;
  /** In a journey set: the customers this journey takes; undefined: every customer earlier journeys leave. */
  readonly entry?: CustomerCondition | undefined;
  /** In a journey set: the place of this journey (lowest first). */
  readonly order?: number | undefined;
  /**
   * The journey ids a read definition stands for (see `journeySetReadDefinition`): a stored state of
   * any of them is the customer's. Undefined for a single journey.
   */
  readonly members?: readonly string[] | undefined;
  /**
   * In the read definition of a set with both an account journey and a contact journey: the contact
   * root (`Contact`, `Contacts`). `root` is then the account root; a contact without an account is a
   * customer of its own, a contact under an account belongs to the account's customer.
   */
  readonly contactRoot?: string | undefined;
  readonly resolution: JourneyFile['resolution'];
  readonly atRiskShare: number;
  readonly stages: readonly StageDefinition[];
  readonly moves: readonly MoveDefinition[];
  readonly segments: readonly SegmentDefinition[];
  readonly touchpoints: readonly TouchpointDefinition[];
  readonly source: JourneyFile;
}
