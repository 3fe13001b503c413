/**
 * Gymnasium's `logger.warn` with its once-per-message behaviour: each distinct message is printed once per
 * process (console.warn), so per-step checks never flood the output. Tests can read and clear what was warned.
 */
const seen = new Set<string>();

export function warnOnce(message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  console.warn(`WARN: ${message}`);
}

/** The messages warned so far (tests assert on them). */
export function warnedMessages(): string[] {
  return [...seen];
}

/** Forgets the warned messages so that they print again (tests). */
export function resetWarnings(): void {
  seen.clear();
}
