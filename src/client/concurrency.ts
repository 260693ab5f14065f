/**
 * Bounds the number of requests in flight. A slot is held for one attempt only (not while waiting to retry),
 * so a backing-off request does not starve the others.
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: { resolve: (release: () => void) => void; reject: (e: unknown) => void }[] = [];
  private closedError: unknown;

  constructor(private readonly max: number) {}

  /** Resolves with a `release` function once a slot is free. Call it exactly once. */
  acquire(): Promise<() => void> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    if (this.active < this.max) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Rejects every waiter and refuses further acquires. */
  close(error: unknown): void {
    this.closedError = error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.resolve(this.releaser());
      else this.active -= 1;
    };
  }
}
