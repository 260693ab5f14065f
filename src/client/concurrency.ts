/**
 * Bounds the number of requests in flight. A slot is held for one attempt only (not while waiting to retry),
 * so a backing-off request does not starve the others. The bound may change while requests run
 * ({@link Semaphore.resize}): a smaller one takes effect as slots are released.
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: { resolve: (release: () => void) => void; reject: (e: unknown) => void }[] = [];
  private closedError: unknown;

  constructor(private max: number) {}

  /** The current bound. */
  get limit(): number {
    return this.max;
  }

  /** Resolves with a `release` function once a slot is free. Call it exactly once. */
  acquire(): Promise<() => void> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    if (this.waiters.length === 0 && this.active < this.max) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Sets a new bound (at least 1); waiters get the slots a larger one frees. */
  resize(max: number): void {
    this.max = Math.max(1, Math.floor(max));
    this.pump();
  }

  /** Rejects every waiter and refuses further acquires. */
  close(error: unknown): void {
    this.closedError = error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  private pump(): void {
    while (this.active < this.max && this.waiters.length > 0) {
      this.active += 1;
      this.waiters.shift()!.resolve(this.releaser());
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.pump();
    };
  }
}
