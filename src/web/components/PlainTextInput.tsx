import { type InputHTMLAttributes, useId } from 'react';
import classes from './PlainSelect.module.css';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'> & {
  label: string;
  description?: string;
};

/**
 * The browser's own text field with a visible label and description, styled like the rest of the
 * app: for customer screens, where Mantine's input family would add kilobytes to a phone's first
 * download (e2e/bundle-size.test.ts).
 */
export function PlainTextInput({ label, description, ...input }: Props) {
  const id = useId();
  const describedBy = description ? `${id}-description` : undefined;
  return (
    <div className={classes.field}>
      <label htmlFor={id} className={classes.label}>
        {label}
      </label>
      {description && (
        <span id={describedBy} className={classes.description}>
          {description}
        </span>
      )}
      <input id={id} className={classes.input} aria-describedby={describedBy} {...input} />
    </div>
  );
}
