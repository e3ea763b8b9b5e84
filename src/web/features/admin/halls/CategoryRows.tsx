import { ActionIcon, Button, NumberInput, Stack, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import classes from './CategoryRows.module.css';
import { type CategoryDraft, newCategory } from './hallDraft';

type Props = {
  categories: CategoryDraft[];
  rows: number;
  errors: Record<string, string>;
  onChange: (categories: CategoryDraft[]) => void;
};

/** Seat categories by row range; rows outside every range are "standard" at the base price. */
export function CategoryRows({ categories, rows, errors, onChange }: Props) {
  const update = (key: number, patch: Partial<CategoryDraft>) =>
    onChange(categories.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        Seat categories
      </Text>
      <Text size="sm" c="dimmed">
        {categories.length === 0
          ? 'All rows are standard. Add categories for premium rows, recliners or cheaper front rows. '
          : ''}
        Rows are numbered from the screen: 1 is row A. Rows outside every category are standard (1×).
      </Text>
      {categories.map((c, i) => {
        const prefix = `categories/${i}`;
        return (
          <fieldset className={classes.category} key={c.key}>
            <VisuallyHidden component="legend">{`Category ${i + 1}`}</VisuallyHidden>
            <TextInput
              label="Name"
              className={classes.name}
              placeholder="premium"
              value={c.name}
              onChange={(e) => update(c.key, { name: e.currentTarget.value })}
              error={errors[`${prefix}/name`] ?? errors[prefix]}
            />
            <NumberInput
              label="From"
              min={1}
              max={rows}
              allowDecimal={false}
              hideControls
              value={c.from_row}
              onChange={(v) => update(c.key, { from_row: v })}
              error={errors[`${prefix}/from_row`]}
            />
            <NumberInput
              label="To"
              min={1}
              max={rows}
              allowDecimal={false}
              hideControls
              value={c.to_row}
              onChange={(v) => update(c.key, { to_row: v })}
              error={errors[`${prefix}/to_row`]}
            />
            <NumberInput
              label="Price ×"
              min={0.05}
              max={100}
              step={0.1}
              decimalScale={2}
              hideControls
              value={c.price_factor}
              onChange={(v) => update(c.key, { price_factor: v })}
              error={errors[`${prefix}/price_factor`]}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mb={4}
              aria-label={`Remove category ${i + 1}`}
              onClick={() => onChange(categories.filter((x) => x.key !== c.key))}
            >
              <IconTrash size={18} />
            </ActionIcon>
          </fieldset>
        );
      })}
      <Button
        variant="default"
        size="xs"
        leftSection={<IconPlus size={14} aria-hidden />}
        onClick={() => onChange([...categories, newCategory(rows)])}
        w="fit-content"
      >
        Add category
      </Button>
    </Stack>
  );
}
