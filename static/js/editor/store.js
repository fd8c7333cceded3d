// The article's statements in text order, each with its offsets in both counts:
// `start`/`end` (code points, as the API sends them) and `start16`/`end16` (UTF-16,
// what the DOM uses), and which one is open in the form.
//
// The store is the one place statements live. Every change is an event, and the text,
// the list, the counts, the history, the suggestions and the form follow them:
//   load    {statements}                   all statements, once the article is read
//   put     {statement, index, previous, saved}
//                                          one added (previous null) or replaced;
//                                          `saved` when the user's own save stored it
//   remove  {statement}                    one deleted
//   select  {statement, focus}             the statement open in the form (null: none);
//                                          `focus` asks the list to focus its entry

function compare(a, b) {
  return a.start - b.start || a.end - b.end || a.id - b.id;
}

export class StatementStore extends EventTarget {
  constructor(offsets) {
    super();
    this.offsets = offsets;
    this.list = [];
    this.byId = new Map();
    this.selectedId = null;
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // Subscribe to one event with a handler of its detail; returns the unsubscribe.
  on(type, handler) {
    const listener = (event) => handler(event.detail);
    this.addEventListener(type, listener);
    return () => this.removeEventListener(type, listener);
  }

  #prepare(statement) {
    return {
      ...statement,
      start16: this.offsets.toUtf16(statement.start),
      end16: this.offsets.toUtf16(statement.end),
    };
  }

  load(statements) {
    this.list = statements.map((s) => this.#prepare(s)).sort(compare);
    this.byId = new Map(this.list.map((s) => [s.id, s]));
    this.#emit("load", { statements: this.list });
  }

  get(id) {
    return this.byId.get(id) ?? null;
  }

  get size() {
    return this.list.length;
  }

  // The statement open in the form, or null.
  get selected() {
    return this.selectedId === null ? null : this.get(this.selectedId);
  }

  indexOf(id) {
    const statement = this.byId.get(id);
    if (!statement) return -1;
    return this.#position(statement);
  }

  // Where `statement` sits (or would sit) in text order.
  #position(statement) {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.list[mid], statement) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // Add or replace a statement as the server sent it; returns the stored statement.
  put(data, { saved = false } = {}) {
    const previous = this.byId.get(data.id) ?? null;
    if (previous) this.list.splice(this.#position(previous), 1);
    const statement = this.#prepare(data);
    const index = this.#position(statement);
    this.list.splice(index, 0, statement);
    this.byId.set(statement.id, statement);
    this.#emit("put", { statement, index, previous, saved });
    return statement;
  }

  // Take a statement out; the open one is closed first (a `select` of null).
  remove(id) {
    const statement = this.byId.get(id);
    if (!statement) return null;
    if (this.selectedId === id) this.select(null);
    this.list.splice(this.#position(statement), 1);
    this.byId.delete(id);
    this.#emit("remove", { statement });
    return statement;
  }

  // Open the statement `id` in the form (null: none).
  select(id, { focus = false } = {}) {
    const statement = id === null ? null : this.get(id);
    this.selectedId = statement ? statement.id : null;
    this.#emit("select", { statement, focus });
    return statement;
  }

  // Statements covering UTF-16 index `i`, shortest first.
  covering(i) {
    const found = [];
    for (const s of this.list) {
      if (s.start16 > i) break;
      if (s.end16 > i) found.push(s);
    }
    return found.sort((a, b) => a.end16 - a.start16 - (b.end16 - b.start16) || a.id - b.id);
  }
}
