// The two data structures that keep the emulator's bookkeeping O(1) (or O(log n)) per message: a
// bounded ring of records, and a timer heap that runs every delayed event from one armed timeout.

/** A bounded log: pushing past the capacity forgets the oldest entry. */
export class Ring<T> {
  private items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(private capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
    } else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.capacity);
    this.start = 0;
    this.count = 0;
  }

  resize(capacity: number): void {
    const kept = this.toArray().slice(-capacity);
    this.capacity = capacity;
    this.clear();
    for (const item of kept) this.push(item);
  }

  get size(): number {
    return this.count;
  }
}

interface Timed {
  due: number;
  seq: number;
  run: () => void;
}

/**
 * Runs callbacks at (or just after) their due time. One setTimeout is armed for the earliest event;
 * when it fires, every due event runs in due order, then `afterFlush` runs once (the webhook
 * dispatcher sends its batches there). Timers are unref'd so an in-process emulator never keeps a
 * test process alive.
 */
export class Scheduler {
  private heap: Timed[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private armedFor = Infinity;

  constructor(private readonly afterFlush: () => void) {}

  at(due: number, run: () => void): void {
    const item: Timed = { due, seq: this.seq++, run };
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Timed, heap[parent] as Timed)) break;
      [heap[i], heap[parent]] = [heap[parent] as Timed, heap[i] as Timed];
      i = parent;
    }
    if (due < this.armedFor) this.arm();
  }

  get size(): number {
    return this.heap.length;
  }

  clear(): void {
    this.heap = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Infinity;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const first = this.heap[0];
    if (!first) {
      this.armedFor = Infinity;
      return;
    }
    this.armedFor = first.due;
    this.timer = setTimeout(this.flush, Math.max(0, first.due - Date.now()));
    this.timer.unref();
  }

  private readonly flush = (): void => {
    this.timer = null;
    this.armedFor = Infinity;
    const now = Date.now() + 1;
    try {
      while (this.heap.length > 0 && (this.heap[0] as Timed).due <= now) {
        const item = this.pop();
        try {
          item.run();
        } catch (error) {
          console.error("meta emulator: scheduled event failed", error);
        }
      }
      this.afterFlush();
    } finally {
      this.arm();
    }
  };

  private pop(): Timed {
    const heap = this.heap;
    const top = heap[0] as Timed;
    const last = heap.pop() as Timed;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left] as Timed, heap[smallest] as Timed)) smallest = left;
        if (right < heap.length && before(heap[right] as Timed, heap[smallest] as Timed)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest] as Timed, heap[i] as Timed];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: Timed, b: Timed): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
