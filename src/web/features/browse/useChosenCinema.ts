import { useState } from 'react';
import type { Cinema } from '../../../contract/cinemas';

const STORAGE_KEY = 'bookmemovie.cinema';

function stored(): number | null {
  try {
    const value = Number(localStorage.getItem(STORAGE_KEY));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/**
 * The cinema the customer browses, remembered in this browser. With one cinema there is nothing to
 * choose (null: every showtime); a remembered cinema that no longer exists falls back to the first.
 */
export function useChosenCinema(cinemas: Cinema[] | undefined): [number | null, (id: number) => void] {
  const [chosen, setChosen] = useState<number | null>(stored);
  const choose = (id: number) => {
    setChosen(id);
    try {
      localStorage.setItem(STORAGE_KEY, String(id));
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  };
  if (!cinemas || cinemas.length <= 1) return [null, choose];
  const known = cinemas.some((c) => c.id === chosen);
  return [known ? chosen : (cinemas[0]?.id ?? null), choose];
}
