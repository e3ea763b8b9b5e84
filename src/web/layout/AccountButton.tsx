import { Group, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { type ComponentPropsWithoutRef, forwardRef } from 'react';
import classes from './AppLayout.module.css';
import { Identity } from './Identity';

/** The account button's face, also shown while the menu's code is on its way. */
export const AccountButton = forwardRef<HTMLButtonElement, ComponentPropsWithoutRef<'button'>>(
  function AccountButton(props, ref) {
    return (
      // Named by what it shows, plus what it is for: speech users can say what they see.
      <UnstyledButton ref={ref} className={classes.account} {...props}>
        <Group gap={6} wrap="nowrap">
          <Identity />
          <VisuallyHidden>, account menu</VisuallyHidden>
          <IconChevronDown size={16} aria-hidden />
        </Group>
      </UnstyledButton>
    );
  },
);
