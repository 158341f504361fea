/**
 * A short, real audio file made at start-up (nothing binary is committed): a 16-bit mono PCM
 * WAV of two alternating tones, so a browser's <audio> element can load and play it.
 */
export function makeWavTone(seconds = 3, sampleRate = 8000): Buffer {
  const samples = Math.floor(seconds * sampleRate);
  const dataBytes = samples * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples; i++) {
    const frequency = Math.floor(i / (sampleRate / 2)) % 2 === 0 ? 440 : 660;
    const value = Math.round(Math.sin((2 * Math.PI * frequency * i) / sampleRate) * 0.3 * 32767);
    wav.writeInt16LE(value, 44 + i * 2);
  }
  return wav;
}
