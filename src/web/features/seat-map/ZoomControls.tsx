import { Button, Group } from '@mantine/core';
import { IconArrowsHorizontal, IconZoomIn, IconZoomOut } from '@tabler/icons-react';
import type { CSSProperties } from 'react';

/** 'auto': seats fill the width, never below a tappable size; 'fit': the whole row on screen; a number: seat size in px. */
export type SeatZoom = 'auto' | 'fit' | number;

const MIN_SEAT = 12;
const MAX_SEAT = 56;
const STEP = 1.25;

export const zoomStyle = (zoom: SeatZoom): CSSProperties =>
  typeof zoom === 'number' ? ({ '--seat-size': `${zoom}px` } as CSSProperties) : {};

type Props = { zoom: SeatZoom; onZoom: (zoom: SeatZoom) => void; currentSize: () => number };

/** Buttons for those who cannot pinch (or whose browser will not let the page be pinched). */
export function ZoomControls({ zoom, onZoom, currentSize }: Props) {
  const step = (factor: number) => {
    const next = Math.round(Math.min(MAX_SEAT, Math.max(MIN_SEAT, currentSize() * factor)));
    onZoom(next);
  };
  const size = typeof zoom === 'number' ? zoom : undefined;
  return (
    <Group gap="xs" justify="flex-end" mb={4} role="group" aria-label="Seat map zoom">
      {/* Buttons rather than ActionIcon: the seat map is a phone's first download (e2e/bundle-size.test.ts). */}
      <Button
        variant="default"
        size="compact-md"
        h={34}
        w={34}
        px={0}
        aria-label="Zoom out"
        disabled={size !== undefined && size <= MIN_SEAT}
        onClick={() => step(1 / STEP)}
      >
        <IconZoomOut size={20} aria-hidden />
      </Button>
      <Button
        variant="default"
        size="compact-md"
        h={34}
        w={34}
        px={0}
        aria-label="Zoom in"
        disabled={size !== undefined && size >= MAX_SEAT}
        onClick={() => step(STEP)}
      >
        <IconZoomIn size={20} aria-hidden />
      </Button>
      <Button
        variant="default"
        size="compact-md"
        h={34}
        leftSection={<IconArrowsHorizontal size={18} aria-hidden />}
        aria-pressed={zoom === 'fit'}
        onClick={() => onZoom(zoom === 'fit' ? 'auto' : 'fit')}
      >
        Fit to width
      </Button>
    </Group>
  );
}
