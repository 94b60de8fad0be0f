// Stand-in for `lightning/navigation`: `NavigationMixin(Base)` adds `[NavigationMixin.Navigate](pageRef)`;
// the page references asked for are kept in `navigations` (the test's view of the app's router).

/** A page reference, e.g. `{ type: 'standard__recordPage', attributes: { recordId, actionName } }`. */
export interface PageReference {
  readonly type: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Every navigation asked for, in order. */
export const navigations: PageReference[] = [];

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript requires `any[]` in a mixin base.
type Constructor = abstract new (...args: any[]) => object;

/** Adds the navigation service's methods to a component class. */
export const NavigationMixin = Object.assign(
  <Base extends Constructor>(Base: Base) => {
    abstract class Navigating extends Base {
      [Navigate](pageReference: PageReference): void {
        navigations.push(pageReference);
      }
      [GenerateUrl](pageReference: PageReference): Promise<string> {
        return Promise.resolve(`/lightning/r/${String(pageReference.attributes['recordId'])}/view`);
      }
    }
    return Navigating;
  },
  { Navigate, GenerateUrl },
);
