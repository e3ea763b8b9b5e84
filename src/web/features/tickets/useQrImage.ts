import { useEffect, useState } from 'react';
import { api } from '../../api/client';

function asDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/**
 * A ticket's QR image as a data: URL. The image is behind the session, so an <img src> pointing
 * at the API could not send it; a data: URL is what the Content-Security-Policy already allows
 * for images (blob: is not).
 */
export function useQrImage(ticketId: number): { url: string | null; failed: boolean } {
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    const controller = new AbortController();
    api
      .file(`/api/tickets/${ticketId}/qr.png`, controller.signal)
      .then(asDataUrl)
      .then((url) => {
        if (!controller.signal.aborted) setState({ url, failed: false });
      })
      .catch(() => {
        if (!controller.signal.aborted) setState({ url: null, failed: true });
      });
    return () => controller.abort();
  }, [ticketId]);
  return state;
}
