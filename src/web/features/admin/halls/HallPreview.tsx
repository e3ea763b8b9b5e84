import { Alert, List, Paper, Stack, Text } from '@mantine/core';
import { SeatGrid } from '../../seat-map/SeatGrid';
import { SeatLegend } from '../../seat-map/SeatLegend';
import { type HallDraft, previewSeats } from './hallDraft';

/** The seat map this layout will produce, redrawn as the form changes. */
export function HallPreview({ draft }: { draft: HallDraft }) {
  const preview = previewSeats(draft);
  if (!preview) {
    return (
      <Paper withBorder radius="lg" p="md">
        <Text c="dimmed" size="sm">
          Enter rows and seats per row (1–100) to see the hall.
        </Text>
      </Paper>
    );
  }
  const categories = [
    ...new Map(preview.seats.map((s) => [s.category, s.priceText.replace(' × base price', '×')])).entries(),
  ].map(([name, priceText]) => ({ name, priceText }));
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-label="Live preview">
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          Preview · {preview.seats.length} seats
        </Text>
        <SeatGrid seats={preview.seats} label={`Preview of the hall: ${preview.seats.length} seats`} />
        <SeatLegend categories={categories} withStates={false} />
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
