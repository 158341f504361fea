// A ring the agent cannot see (review #40): while the page is hidden, a short ringtone and a desktop
// notification; clicking the notification brings the softphone forward. The browser APIs are passed in
// (`document`, `Notification`, `AudioContext`), so the rules are tested without a browser.

/** The ringtone: a North American ring cadence, two 440+480 Hz bursts (ITU-T E.180 ringing tone), ~1.6 s. */
const RING_BURSTS = [
  { startS: 0, lengthS: 0.6 },
  { startS: 0.9, lengthS: 0.6 }
];
const RING_FREQUENCIES_HZ = [440, 480];
const RING_VOLUME = 0.15;

function playRingtone(AudioContextClass) {
  if (!AudioContextClass) return null;
  const audio = new AudioContextClass();
  const gain = audio.createGain();
  gain.gain.value = RING_VOLUME;
  gain.connect(audio.destination);
  const oscillators = [];
  for (const burst of RING_BURSTS) {
    for (const frequency of RING_FREQUENCIES_HZ) {
      const oscillator = audio.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start(audio.currentTime + burst.startS);
      oscillator.stop(audio.currentTime + burst.startS + burst.lengthS);
      oscillators.push(oscillator);
    }
  }
  return audio;
}

/**
 * @param env.document whose `hidden` says whether the agent can see the softphone
 * @param env.Notification the Web Notifications constructor, or undefined
 * @param env.AudioContext the Web Audio constructor, or undefined
 * @param env.focus brings this window forward (window.focus)
 */
export function createRingAlert({ document, Notification, AudioContext, focus }) {
  const active = new Map();

  function notify(callId, title, body, onOpen) {
    if (!Notification || Notification.permission === 'denied') return;
    const show = () => {
      if (Notification.permission !== 'granted' || !active.has(callId)) return;
      const notification = new Notification(title, { body, tag: `kazoo-ring-${callId}`, requireInteraction: true });
      notification.onclick = () => {
        if (focus) focus();
        onOpen();
        notification.close();
      };
      active.get(callId).notification = notification;
    };
    if (Notification.permission === 'granted') show();
    else Promise.resolve(Notification.requestPermission()).then(show, () => undefined);
  }

  return {
    /**
     * Alerts for a ringing call when the page is hidden. `ringtone` false keeps it silent (Call Center setting);
     * `onOpen` runs when the agent clicks the notification (show the softphone panel).
     */
    ring(callId, { title, body, ringtone, onOpen }) {
      if (!document || !document.hidden || active.has(callId)) return false;
      active.set(callId, { audio: null, notification: null });
      try {
        if (ringtone) active.get(callId).audio = playRingtone(AudioContext);
      } catch {
        // A browser that refuses audio (autoplay policy) still gets the notification.
      }
      notify(callId, title, body, onOpen);
      return true;
    },

    /** The call was answered, ended or seen: the alert goes away. */
    stop(callId) {
      const alert = active.get(callId);
      if (!alert) return;
      active.delete(callId);
      if (alert.audio && alert.audio.close) alert.audio.close();
      if (alert.notification) alert.notification.close();
    }
  };
}
