// Harness stand-in for lightning/platformShowToastEvent: the event Lightning Experience turns into a toast
// (LWC Developer Guide "Toast Notifications"); the harness page listens for it on the document.
const SHOW_TOAST = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super(SHOW_TOAST, { bubbles: true, composed: true, cancelable: true, detail: toast });
  }
}
