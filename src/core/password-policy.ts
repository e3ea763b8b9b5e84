/** What makes a password acceptable. The list of common passwords is an input (core does no I/O). */

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Returns the reason a password is refused, or null. Length counts characters, not bytes. */
export function passwordProblem(password: string, isCommon: (lowercased: string) => boolean): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (isCommon(password.toLowerCase())) return 'is one of the most common passwords; choose another';
  return null;
}
