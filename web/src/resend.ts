/**
 * When the form sends the same body again by itself, and after how long: a report still being
 * taken in (409 `in_progress`) always, and one a busy server did not take (503 `unavailable`)
 * a few times; then the person's own retry button. The wait is the one the server asks for
 * (`Retry-After`), else two seconds.
 */
const BUSY_RESENDS = 3;

export function resender() {
  let busyResends = 0;
  const after = (code: string | undefined, retryAfter: string | null): number | null => {
    const again =
      code === "in_progress" || (code === "unavailable" && busyResends++ < BUSY_RESENDS);
    return again ? 1000 * Number(retryAfter ?? 2) : null;
  };
  return {
    /** milliseconds to wait before sending again, or null: show the retry button */
    after,
    /** waits as `after` says, and answers whether to send the same body again */
    async again(code: string | undefined, retryAfter: string | null): Promise<boolean> {
      const wait = after(code, retryAfter);
      if (wait !== null) await new Promise((resolve) => setTimeout(resolve, wait));
      return wait !== null;
    },
    /** the person pressed retry: a busy server gets its few resends again */
    reset(): void {
      busyResends = 0;
    },
  };
}
