import { Alert, List, Paper, Stack, Text } from '@mantine/core';
import { SeatGrid } from '../../seat-map/SeatGrid';
import { SeatLegend } from '../../seat-map/SeatLegend';
import { type HallDraft, previewSeats } from './hallDraft';

/** The seat map this layout will produce, redrawn as the form changes. */
export function HallPreview({ draft }: { draft: HallDraft }) {
  const preview = previewSeats(draft);
  if (!preview) return null;
  const categories = [
    ...new Map(preview.seats.map((s) => [s.category, s.priceText.replace(' × base price', '×')])).entries(),
  ].map(([name, priceText]) => ({ name, priceText }));
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-label="Live preview">
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          Preview · {preview.seats.length} seats
        </Text>
        {preview.seats.length > 0 ? (
          <SeatGrid seats={preview.seats} label={`Preview of the hall: ${preview.seats.length} seats`} />
        ) : (
          <Text c="dimmed" size="sm">
            Nothing to show yet.
          </Text>
        )}
        <SeatLegend
          categories={categories}
          withStates={false}
          kinds={[...new Set(preview.seats.map((s) => s.kind ?? 'standard'))]}
        />
        {preview.problems.length > 0 && (
          <Alert color="orange" title="Fix these before saving">
            <List size="sm">
              {preview.problems.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
