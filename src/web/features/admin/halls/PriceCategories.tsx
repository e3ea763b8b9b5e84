import { ActionIcon, Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { newPriceCategory, type PriceDraft } from './hallDraft';

type Props = { categories: PriceDraft[]; errors: Record<string, string>; onChange: (categories: PriceDraft[]) => void };

/** Price factors per seat category; seats of a category not listed here are priced 1×. */
export function PriceCategories({ categories, errors, onChange }: Props) {
  const update = (key: number, patch: Partial<PriceDraft>) =>
    onChange(categories.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        Categories
      </Text>
      <Text size="sm" c="dimmed">
        Seats are standard (1×) unless painted with another category. Give each category its price factor.
      </Text>
      {categories.map((c, i) => {
        const prefix = `layout/categories/${i}`;
        return (
          <Group key={c.key} gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label={`Category ${i + 1} name`}
              placeholder="premium"
              value={c.name}
              onChange={(e) => update(c.key, { name: e.currentTarget.value })}
              error={errors[`${prefix}/name`] ?? errors[prefix]}
              style={{ flex: 2 }}
            />
            <NumberInput
              label="Price ×"
              min={0.05}
              max={10}
              step={0.1}
              decimalScale={2}
              hideControls
              value={c.price_factor}
              onChange={(v) => update(c.key, { price_factor: v })}
              error={errors[`${prefix}/price_factor`]}
              style={{ flex: 1 }}
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
          </Group>
        );
      })}
      <Button
        variant="default"
        size="xs"
        leftSection={<IconPlus size={14} aria-hidden />}
        onClick={() => onChange([...categories, newPriceCategory()])}
        w="fit-content"
      >
        Add category
      </Button>
    </Stack>
  );
}
