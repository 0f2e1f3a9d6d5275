/**
 * A background task that many callers may ask for while one run is under way: it runs once at a
 * time, and every request that comes during a run is served by one more run after it (the VACUUM
 * after an erasure: ten erasures in a second need two VACUUMs, not ten). A failure goes to
 * `onError` and ends nothing: the next request runs again.
 */
export class CoalescedTask {
  private busy = false;
  private again = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Starts a run, or marks one more to follow the run under way; returns at once. */
  request(): void {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.running = this.loop();
  }

  /** Resolves when no run is under way or due (for a service that is closing). */
  async settled(): Promise<void> {
    while (this.busy) await this.running;
  }

  private async loop(): Promise<void> {
    // `busy` ends in the same step as the last look at `again`: no request can fall between them.
    try {
      do {
        this.again = false;
        try {
          await this.task();
        } catch (err) {
          try {
            this.onError(err);
          } catch {
            // Reporting a failure must not end the process (an unhandled rejection would).
          }
        }
      } while (this.again);
    } finally {
      this.busy = false;
    }
  }
}
