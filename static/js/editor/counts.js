// The statement counts in the page header (total, pending, approved, rejected), kept in
// step with the store's events.

export class StatementCounts {
  constructor(store, counts) {
    this.counts = { ...counts };
    store.on("put", ({ previous, statement }) => this.#count(previous, statement));
    store.on("remove", ({ statement }) => this.#count(statement, null));
    this.render();
  }

  #count(previous, current) {
    if (previous) {
      this.counts.total -= 1;
      this.counts[previous.status] -= 1;
    }
    if (current) {
      this.counts.total += 1;
      this.counts[current.status] += 1;
    }
    this.render();
  }

  render() {
    for (const [name, value] of Object.entries(this.counts)) {
      const el = document.querySelector(`[data-count="${name}"]`);
      if (el) el.textContent = String(value);
    }
  }
}
