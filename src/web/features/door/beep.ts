let context: AudioContext | undefined;

/**
 * Browsers start audio only after a gesture: the door screen calls this from the click that picks
 * the showtime or starts the camera, so later beeps (from a scan, no click) are heard.
 */
export function unlockSound() {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
  } catch {
    // No WebAudio: the screen and the live region still say it.
  }
}

/** One short high tone for admitted; two low buzzes for refused. */
export function beep(kind: 'ok' | 'refused') {
  if (context?.state !== 'running') return;
  const tones = kind === 'ok' ? [{ at: 0, hz: 1320, length: 0.15 }] : [0, 0.22].map((at) => ({ at, hz: 220, length: 0.16 }));
  for (const tone of tones) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = kind === 'ok' ? 'sine' : 'square';
    oscillator.frequency.value = tone.hz;
    const start = context.currentTime + tone.at;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.3, start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + tone.length);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + tone.length + 0.02);
  }
}
