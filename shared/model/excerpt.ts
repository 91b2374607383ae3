// Input echoed in a message is cut short: a 50 MB scalar in a state file must not become a 50 MB
// error on stderr, in a log or in a notification.

/** The most characters of a user's input a message repeats. */
export const EXCERPT_CHARACTERS = 80;

/** `value` as JSON, cut to `max` characters with how much was left out. */
export function excerpt(value: unknown, max = EXCERPT_CHARACTERS): string {
  const text = typeof value === "string" ? JSON.stringify(value.slice(0, max + 1)) : (JSON.stringify(value) ?? String(value));
  const total = typeof value === "string" ? value.length : text.length;
  if (total <= max && text.length <= max + 2) return text;
  return `${text.slice(0, max)}… (${total} characters)`;
}
