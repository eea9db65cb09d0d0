// The emulator's own time: wall-clock time plus an offset that only grows, so tests can jump a
// subscription to its renewal or trial end while timestamps stay monotonic and realistic.
export class Clock {
  private offsetSeconds = 0;

  /** Unix seconds, as in every Stripe timestamp. */
  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }

  /** Moves to `timestamp` if it lies ahead; time never runs backwards. */
  moveTo(timestamp: number): void {
    const delta = timestamp - this.now();
    if (delta > 0) this.offsetSeconds += delta;
  }

  reset(): void {
    this.offsetSeconds = 0;
  }
}
