import { Text } from '@mantine/core';
import { verdictHeadline } from '../../lib/doorCheck';
import classes from './DoorPage.module.css';
import type { ShownVerdict } from './useDoor';

/**
 * The last scan's outcome, big, in words first (the colour and the mark repeat it). The region is
 * always on the page so a screen reader announces every change.
 */
export function VerdictPanel({ shown, timeZone }: { shown: ShownVerdict | null; timeZone: string }) {
  const admitted = shown?.verdict.result === 'admitted';
  const tone = !shown ? classes.waiting : admitted ? classes.admitted : classes.refused;
  return (
    <div className={`${classes.verdict} ${tone}`} aria-live="assertive" aria-atomic="true" data-testid="door-verdict">
      {shown ? (
        <>
          <span className={classes.headline}>
            <span aria-hidden>{admitted ? '✓' : '✗'}</span> <span>{verdictHeadline(shown.verdict, timeZone)}</span>
          </span>
          <span className={classes.sub}>
            {admitted ? 'Let them in' : 'Do not admit'}
            {shown.offline ? ' · checked on this device (offline)' : ''}
          </span>
        </>
      ) : (
        <Text className={classes.sub} c="inherit">
          Ready: hold a ticket's QR code up to the camera, or type its code below.
        </Text>
      )}
    </div>
  );
}
