import { createElement } from 'lwc';
import RecordingPlayer, { LINK_FAILED } from 'c/recordingPlayer';

function render(props) {
  const element = createElement('c-recording-player', { is: RecordingPlayer });
  Object.assign(element, { callId: 'a01000000000001AAA', label: 'call with +1 415 555 0100', ...props });
  document.body.appendChild(element);
  return element;
}

describe('c-recording-player', () => {
  afterEach(() => document.body.replaceChildren());

  it('asks for the signed URL only when the agent wants to listen', async () => {
    const element = render({});
    const asked = jest.fn();
    element.addEventListener('loadrecording', asked);

    expect(element.querySelector('audio')).toBeNull();
    element.querySelector('[data-id="recording-load"]').click();

    expect(asked.mock.calls[0][0].detail).toEqual({ callDataId: 'a01000000000001AAA' });
    await expect(element).toBeAccessible();
  });

  it('plays the URL it was given', async () => {
    const element = render({ url: 'https://media.example.com/rec/1.mp3?sig=abc' });

    const audio = element.querySelector('[data-id="recording-audio"]');
    expect(audio.getAttribute('src')).toBe('https://media.example.com/rec/1.mp3?sig=abc');
    expect(audio.getAttribute('aria-label')).toBe('Recording of the call with +1 415 555 0100');
    await expect(element).toBeAccessible();
  });

  it('shows why the recording cannot be played', () => {
    const element = render({ error: 'The recording link has expired.' });

    expect(element.querySelector('[data-id="recording-error"]').textContent).toBe('The recording link has expired.');
    expect(element.querySelector('[data-id="recording-load"]').disabled).toBe(false);
  });

  it('a link the audio cannot load becomes a button that asks for a new link, and the new link plays', async () => {
    const element = render({ url: 'https://media.example.com/rec/1.mp3?sig=old' });
    const asked = jest.fn();
    element.addEventListener('loadrecording', asked);
    element.querySelector('[data-id="recording-audio"]').dispatchEvent(new CustomEvent('error'));
    await Promise.resolve();

    expect(element.querySelector('[data-id="recording-audio"]')).toBeNull();
    expect(element.querySelector('[data-id="recording-error"]').textContent).toBe(LINK_FAILED);
    const again = element.querySelector('[data-id="recording-load"]');
    expect(again.textContent.trim()).toBe('Load the recording again');
    again.click();
    expect(asked).toHaveBeenCalledTimes(1);

    // The container answers with a fresh signed link.
    element.url = 'https://media.example.com/rec/1.mp3?sig=new';
    await Promise.resolve();
    expect(element.querySelector('[data-id="recording-audio"]').getAttribute('src')).toContain('sig=new');
    expect(element.querySelector('[data-id="recording-error"]')).toBeNull();
  });
});
