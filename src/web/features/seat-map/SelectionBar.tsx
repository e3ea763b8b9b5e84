import { Alert, Button, Group, Text, VisuallyHidden } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { IconAlertCircle } from '@tabler/icons-react';
import { formatMoney } from '../../lib/format';
import classes from './SelectionBar.module.css';
import { holdLabel, type SelectionProps } from './SelectionSummary';

/**
 * The phone's version of the selection: fixed to the bottom of the screen, so the total, the Hold
 * button and a "seat taken" notice stay in sight however far the map is scrolled.
 */
export function SelectionBar(props: SelectionProps) {
  const { seats, currency, total, notice, error, signedIn, closed, holding } = props;
  const count = seats.length;
  const { ref, height } = useElementSize();
  return (
    <>
      {/* Keeps the end of the page from hiding under the bar. */}
      <div style={{ height: height + 24 }} aria-hidden />
      <section ref={ref} aria-labelledby="selection-bar-title" className={classes.bar} data-testid="selection-bar">
        <VisuallyHidden component="h2" id="selection-bar-title">
          Your seats
        </VisuallyHidden>
        <div aria-live="polite">
          {notice && (
            <Alert
              color="orange"
              variant="outline"
              icon={<IconAlertCircle aria-hidden />}
              withCloseButton
              onClose={props.onDismissNotice}
              closeButtonLabel="Dismiss"
              p="xs"
              mb="xs"
              className={classes.notice}
            >
              {notice}
            </Alert>
          )}
        </div>
        {error && (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden />} p="xs" mb="xs">
            {error}
          </Alert>
        )}
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <div className={classes.summary}>
            <Text size="sm" truncate="end" data-testid="selection-seats">
              {count === 0
                ? 'Tap seats to pick them'
                : `${count} ${count === 1 ? 'seat' : 'seats'}: ${seats.map((s) => s.label).join(', ')}`}
            </Text>
            <Text fw={800} fz="lg" lh={1.2} data-testid="selection-total">
              {formatMoney(total, currency)}
            </Text>
          </div>
          <Button size="md" disabled={count === 0 || closed} loading={holding} onClick={props.onHold} className={classes.hold}>
            {holdLabel(signedIn, count)}
          </Button>
        </Group>
      </section>
    </>
  );
}
