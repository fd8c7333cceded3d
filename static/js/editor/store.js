// The article's statements in text order, each with its offsets in both counts:
// `start`/`end` (code points, as the API sends them) and `start16`/`end16` (UTF-16,
// what the DOM uses).

function compare(a, b) {
  return a.start - b.start || a.end - b.end || a.id - b.id;
}

export class StatementStore {
  constructor(offsets) {
    this.offsets = offsets;
    this.list = [];
    this.byId = new Map();
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
  }

  get(id) {
    return this.byId.get(id) ?? null;
  }

  get size() {
    return this.list.length;
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

  // Add or replace a statement; returns {statement, index, previous}.
  put(data) {
    const previous = this.byId.get(data.id) ?? null;
    if (previous) this.list.splice(this.#position(previous), 1);
    const statement = this.#prepare(data);
    const index = this.#position(statement);
    this.list.splice(index, 0, statement);
    this.byId.set(statement.id, statement);
    return { statement, index, previous };
  }

  remove(id) {
    const statement = this.byId.get(id);
    if (!statement) return null;
    this.list.splice(this.#position(statement), 1);
    this.byId.delete(id);
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
