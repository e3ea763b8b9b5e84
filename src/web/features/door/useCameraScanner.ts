import { useEffect, useRef, useState } from 'react';
import { scanDebouncer } from '../../lib/doorCheck';

/** A QR code read from a frame, or null. */
type FrameReader = (video: HTMLVideoElement) => Promise<string | null>;

type BarcodeDetectorLike = { detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]> };
type BarcodeDetectorClass = {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
};

/** Frames looked at per second: enough for a ticket held up for a moment, light on a phone's battery. */
const FRAME_INTERVAL_MS = 200;
/** A code counts again only after it has been out of view this long (lib/doorCheck scanDebouncer). */
export const SAME_CODE_QUIET_MS = 2_000;
/** Frames are scaled down to this width for jsQR: a ticket's QR code needs no more, and it is much faster. */
const DECODE_WIDTH = 640;

let reader: Promise<FrameReader> | undefined;

/**
 * Gets the QR reader ready while the network is there (jsQR is a chunk of its own): the door
 * screen calls this when it opens, so a camera started later, offline, has what it needs.
 */
export function prepareScanner(): Promise<FrameReader> {
  reader ??= frameReader();
  reader.catch(() => {
    reader = undefined;
  });
  return reader;
}

/** The browser's BarcodeDetector where it reads QR codes; else jsQR (loaded only then) on canvas frames. */
async function frameReader(): Promise<FrameReader> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Detector && (await Detector.getSupportedFormats().catch((): string[] => [])).includes('qr_code')) {
    const detector = new Detector({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async (video) => {
    if (!context || video.videoWidth === 0) return null;
    const scale = Math.min(1, DECODE_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
  };
}

export type CameraState = 'off' | 'starting' | 'scanning' | 'unavailable';

/**
 * Reads QR codes from the back camera while `active`. `onCode` gets each code once per sighting:
 * a ticket held in front of the camera is one scan, however many frames show it.
 */
export function useCameraScanner(active: boolean, onCode: (code: string) => void) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  const [state, setState] = useState<CameraState>('off');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!active) {
      setState('off');
      return;
    }
    let stopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const take = scanDebouncer(SAME_CODE_QUIET_MS);
    setState('starting');
    setProblem(null);

    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        const video = videoRef.current;
        if (stopped || !video) return;
        video.srcObject = stream;
        await video.play();
        const read = await prepareScanner();
        if (stopped) return;
        setState('scanning');
        const tick = async () => {
          if (stopped) return;
          try {
            const code = video.readyState >= 2 ? await read(video) : null;
            if (code && !stopped && take(code, Date.now())) onCodeRef.current(code);
          } catch {
            // A frame that cannot be read (the camera switching) is skipped.
          }
          if (!stopped) timer = setTimeout(tick, FRAME_INTERVAL_MS);
        };
        void tick();
      } catch (error) {
        if (stopped) return;
        setState('unavailable');
        setProblem(
          error instanceof DOMException && error.name === 'NotAllowedError'
            ? 'The camera is blocked: allow it in the browser, or type the code below.'
            : 'No camera could be started: type the code or booking reference below.',
        );
      }
    })();

    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
      if (videoRef.current) videoRef.current.srcObject = null;
    };
  }, [active]);

  return { videoRef, state, problem };
}
