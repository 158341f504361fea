import { createElement } from 'lwc';
import WrapUpForm from 'c/wrapUpForm';

const CALL = { id: 'a01000000000001AAA', externalNumber: '+14155550100', direction: 'Inbound', wrapUpCode: null };
const CODES = [
  { value: 'Resolved', label: 'Resolved' },
  { value: 'FollowUp', label: 'Follow-up needed' }
];

function render(props = {}) {
  const element = createElement('c-wrap-up-form', { is: WrapUpForm });
  Object.assign(element, { call: CALL, codes: CODES, ...props });
  document.body.appendChild(element);
  const byId = (id) => element.querySelector(`[data-id="${id}"]`);
  return { element, byId };
}

describe('c-wrap-up-form', () => {
  afterEach(() => document.body.replaceChildren());

  it('fires save with the chosen code and the notes', async () => {
    const { element, byId } = render();
    const saved = jest.fn();
    element.addEventListener('save', saved);

    byId('wrapup-code').value = 'FollowUp';
    byId('wrapup-code').dispatchEvent(new CustomEvent('change'));
    byId('wrapup-notes').value = 'Call back Monday';
    byId('wrapup-notes').dispatchEvent(new CustomEvent('input'));
    byId('wrapup-save').click();

    expect(saved.mock.calls[0][0].detail).toEqual({
      callDataId: CALL.id,
      wrapUpCode: 'FollowUp',
      notes: 'Call back Monday'
    });
    await expect(element).toBeAccessible();
  });

  it('reports every change as a draft so the container can keep it', () => {
    const { element, byId } = render({ wrapUpCode: 'Resolved' });
    const drafts = jest.fn();
    element.addEventListener('draft', drafts);

    byId('wrapup-notes').value = 'Half typed';
    byId('wrapup-notes').dispatchEvent(new CustomEvent('input'));

    expect(drafts.mock.calls[0][0].detail).toEqual({
      callDataId: CALL.id,
      wrapUpCode: 'Resolved',
      notes: 'Half typed'
    });
  });

  it('shows the saved state, and the error instead when saving failed', async () => {
    const { element, byId } = render({ saved: true });
    expect(byId('wrapup-saved').textContent).toBe('Saved');

    element.saved = false;
    element.error = 'Notes are limited to 32000 characters.';
    await Promise.resolve();

    expect(byId('wrapup-saved')).toBeNull();
    expect(byId('wrapup-error').textContent).toBe('Notes are limited to 32000 characters.');
  });

  it('shows the draft it is given, names the caller, and disables save while saving', async () => {
    const { byId } = render({
      call: { ...CALL, matchedName: 'Jane Doe' },
      wrapUpCode: 'Resolved',
      notes: 'Done',
      saving: true
    });
    await Promise.resolve();

    expect(byId('wrapup-code').value).toBe('Resolved');
    expect(byId('wrapup-notes').value).toBe('Done');
    expect(byId('wrapup-save').disabled).toBe(true);
    expect(byId('wrapup-save').textContent.trim()).toBe('Saving…');
    expect(byId('wrapup-title').textContent).toBe('Wrap up the call with Jane Doe (+1 415 555 0100)');
  });
});
