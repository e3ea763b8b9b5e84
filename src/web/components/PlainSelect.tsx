import { type CSSProperties, useId } from 'react';
import classes from './PlainSelect.module.css';

type Props = {
  label: string;
  value: string;
  data: { value: string; label: string }[];
  onChange: (value: string) => void;
  size?: 'xs' | 'sm';
  className?: string;
  style?: CSSProperties;
};

/**
 * The browser's own select with a visible label, styled like the rest of the app. Customer
 * screens use it instead of Mantine's input family, which is several kilobytes of every phone's
 * first download (e2e/bundle-size.test.ts).
 */
export function PlainSelect({ label, value, data, onChange, size = 'sm', className, style }: Props) {
  const id = useId();
  return (
    <div className={[classes.field, size === 'xs' ? classes.small : '', className ?? ''].join(' ')} style={style}>
      <label htmlFor={id} className={classes.label}>
        {label}
      </label>
      <select id={id} className={classes.select} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {data.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
