// Retry a task with growing pauses: 1 s, 2 s, 4 s ... up to 30 s, and at once when the
// browser reports it is back online or the user asks. One task at a time.

export class Backoff {
  constructor({ delays = [1000, 2000, 4000, 8000, 15000, 30000], onCountdown = () => {} } = {}) {
    this.delays = delays;
    this.onCountdown = onCountdown;
    this.attempt = 0;
    this.task = null;
    this.timer = null;
    this.ticker = null;
    this.onOnline = () => this.runNow();
    window.addEventListener("online", this.onOnline);
  }

  get pending() {
    return this.task !== null;
  }

  // Run `task` after the next pause in the sequence.
  schedule(task) {
    this.#clearTimers();
    this.task = task;
    const delay = this.delays[Math.min(this.attempt, this.delays.length - 1)];
    this.attempt += 1;
    const due = Date.now() + delay;
    const tick = () => this.onCountdown(Math.max(0, Math.ceil((due - Date.now()) / 1000)));
    tick();
    this.ticker = setInterval(tick, 1000);
    this.timer = setTimeout(() => this.runNow(), delay);
  }

  runNow() {
    const task = this.task;
    if (!task) return;
    this.#clearTimers();
    this.task = null;
    task();
  }

  // Forget the task and start the pauses from the shortest again.
  reset() {
    this.#clearTimers();
    this.task = null;
    this.attempt = 0;
  }

  #clearTimers() {
    clearTimeout(this.timer);
    clearInterval(this.ticker);
    this.timer = null;
    this.ticker = null;
  }
}
