// Stand-in for `lightning/platformShowToastEvent`: the event a component dispatches to show a toast.

/** `new ShowToastEvent({ title, message, variant })`: a `lightning__showtoast` event with them as detail. */
export class ShowToastEvent extends CustomEvent<{ title: string; message: string; variant: string }> {
  constructor(detail: { title: string; message: string; variant: string }) {
    super('lightning__showtoast', { bubbles: true, composed: true, cancelable: true, detail });
  }
}
