import { notifications } from '@mantine/notifications';
import { useCallback, useRef } from 'react';
import { ApiError } from './api';
import { type DownloadProgress, downloadFile } from './download';
import { byteSize } from './upload';

const closeButtonProps = { 'aria-label': 'Dismiss' };

function progressText({ received, total }: DownloadProgress): string {
  return total ? `${byteSize(received)} of ${byteSize(total)} received` : `${byteSize(received)} received`;
}

/** Why a download was refused, in words a person can act on. */
export function downloadRefusal(e: unknown): string {
  if (!(e instanceof ApiError)) return 'The download failed.';
  const retryAfter = e.body['retryAfter'];
  if (e.status === 429) return `${e.message}${typeof retryAfter === 'number' ? ` Try again in ${retryAfter} seconds.` : ''}`;
  return e.message;
}

/**
 * Starts downloads that report in a notification: progress while the file arrives, its name once saved, and the
 * server's reason when it refuses (the account's exports busy, no permission) instead of a saved error document.
 */
export function useDownload(): (url: string, fallbackName: string, what: string) => Promise<void> {
  const running = useRef(0);
  return useCallback(async (url, fallbackName, what) => {
    const id = `download-${++running.current}-${Date.now()}`;
    notifications.show({ id, loading: true, title: what, message: 'Preparing…', autoClose: false, withCloseButton: false });
    let last = 0;
    try {
      const saved = await downloadFile(url, fallbackName, (p) => {
        // A notification per chunk would redraw the page for every 64 kB: update at most four times a second.
        const now = performance.now();
        if (now - last < 250) return;
        last = now;
        notifications.update({ id, message: progressText(p) });
      });
      notifications.update({ id, loading: false, color: 'green', title: what, message: `Saved ${saved.fileName} (${byteSize(saved.bytes)})`, autoClose: 6000, withCloseButton: true, closeButtonProps });
    } catch (e) {
      notifications.update({ id, loading: false, color: 'red', title: `${what}: not downloaded`, message: downloadRefusal(e), autoClose: false, withCloseButton: true, closeButtonProps });
    }
  }, []);
}
