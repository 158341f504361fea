import { createElement } from 'lwc';
import RecordingPlayer from 'c/recordingPlayer';

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
});
