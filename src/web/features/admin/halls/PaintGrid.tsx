import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconColumnInsertRight, IconRowInsertBottom, IconRowRemove } from '@tabler/icons-react';
import { type KeyboardEvent, useRef, useState } from 'react';
import type { ShapeRow } from '../../../../core/hall-shape';
import { seatKindName } from '../../seat-map/seatLayout';
import { addColumn, addRow, type PaintTool, paintPosition, removeLastRow } from './hallDraft';
import classes from './PaintGrid.module.css';

const TOOLS: { value: PaintTool; label: string }[] = [
  { value: 'standard', label: 'Seat' },
  { value: 'wheelchair', label: 'Wheelchair space' },
  { value: 'companion', label: 'Companion seat' },
  { value: 'restricted_view', label: 'Restricted view' },
  { value: 'couple', label: 'Couple seat' },
  { value: 'blocked', label: 'Blocked' },
  { value: 'gap', label: 'Gap (aisle)' },
];

const LETTER: Record<PaintTool, string> = {
  standard: 'S',
  wheelchair: 'W',
  companion: 'C',
  restricted_view: 'R',
  couple: 'P',
  blocked: 'X',
  gap: '',
};

type Props = { rows: ShapeRow[]; categories: string[]; onChange: (rows: ShapeRow[]) => void };

/**
 * Paint the hall: pick what to paint (a kind of seat, or a gap) and a category, then click or
 * press Enter on positions. Arrow keys move between positions; one position is in the tab order.
 */
export function PaintGrid({ rows, categories, onChange }: Props) {
  const [tool, setTool] = useState<PaintTool>('standard');
  const [category, setCategory] = useState('standard');
  const [active, setActive] = useState<[number, number]>([0, 0]);
  const cells = useRef(new Map<string, HTMLButtonElement>());
  const width = Math.max(1, ...rows.map((r) => r.positions.length)) + 1;
  const categoryOptions = [...new Set(['standard', ...categories.filter(Boolean)])];
  const paintCategory = categoryOptions.includes(category) ? category : 'standard';

  const move = (event: KeyboardEvent, r: number, i: number) => {
    const delta: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const step = delta[event.key];
    if (!step) return;
    event.preventDefault();
    const next: [number, number] = [
      Math.max(0, Math.min(rows.length - 1, r + step[0])),
      Math.max(0, Math.min(width - 1, i + step[1])),
    ];
    setActive(next);
    cells.current.get(`${next[0]}:${next[1]}`)?.focus();
  };

  return (
    <Stack gap="xs">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Paint"
          data={TOOLS}
          value={tool}
          onChange={(v) => v && setTool(v as PaintTool)}
          allowDeselect={false}
          w={180}
        />
        <Select
          label="Category"
          data={categoryOptions}
          value={paintCategory}
          onChange={(v) => v && setCategory(v)}
          allowDeselect={false}
          disabled={tool === 'gap'}
          w={160}
        />
      </Group>
      <Text size="xs" c="dimmed">
        Click a position (or move with the arrow keys and press Enter) to paint it. Painting numbers the row from 1; set other
        numbers in the text form.
      </Text>
      <div className={classes.scroll}>
        {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the WAI-ARIA grid pattern builds on a table */}
        <table role="grid" aria-label="Hall positions to paint" className={classes.grid}>
          <tbody>
            {rows.map((row, r) => (
              <tr key={row.label}>
                <th scope="row" className={classes.label}>
                  {row.label}
                </th>
                {Array.from({ length: width }, (_, i) => {
                  const p = row.positions[i] ?? null;
                  const name = p
                    ? `${seatKindName(p.kind)} ${p.number}, ${p.category}${p.kind === 'blocked' ? ', out of service' : ''}`
                    : 'gap';
                  const focusable = active[0] === r && active[1] === i;
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a position is its index
                    <td key={i} className={classes.cell}>
                      <button
                        type="button"
                        ref={(el) => {
                          if (el) cells.current.set(`${r}:${i}`, el);
                          else cells.current.delete(`${r}:${i}`);
                        }}
                        className={classes.position}
                        data-kind={p?.kind ?? 'gap'}
                        data-category={p && p.category !== 'standard' ? 'other' : undefined}
                        tabIndex={focusable ? 0 : -1}
                        aria-label={`Row ${row.label}, position ${i + 1}: ${name}`}
                        onFocus={() => setActive([r, i])}
                        onKeyDown={(e) => move(e, r, i)}
                        onClick={() => onChange(paintPosition(rows, r, i, tool, paintCategory))}
                      >
                        {p ? LETTER[p.kind] : ''}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Group gap="xs">
        <Button
          size="xs"
          variant="default"
          leftSection={<IconRowInsertBottom size={14} aria-hidden />}
          onClick={() => onChange(addRow(rows))}
        >
          Add row
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconRowRemove size={14} aria-hidden />}
          disabled={rows.length <= 1}
          onClick={() => onChange(removeLastRow(rows))}
        >
          Remove last row
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconColumnInsertRight size={14} aria-hidden />}
          onClick={() => onChange(addColumn(rows))}
        >
          Add a seat to every row
        </Button>
      </Group>
    </Stack>
  );
}
