import { api } from '../../api/client';

/** Fetches a file behind the session and hands it to the browser as a download named `fileName`. */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const blob = await api.file(path);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken its copy once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
