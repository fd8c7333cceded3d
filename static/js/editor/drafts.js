// Unsaved form input, kept in localStorage per article and user until it is saved,
// so a reload, a crash or a closed tab loses nothing. `Drafts` is the storage;
// `drafting` adds the Editor's methods that write and restore a draft.

export class Drafts {
  constructor(articleId, userId) {
    this.key = `statement-annotator:draft:${articleId}:${userId}`;
  }

  load() {
    try {
      const raw = localStorage.getItem(this.key);
      return raw ? JSON.parse(raw) : null;
    } catch {
      return null;
    }
  }

  save(draft) {
    try {
      localStorage.setItem(this.key, JSON.stringify({ ...draft, savedAt: new Date().toISOString() }));
    } catch {
      // Storage full or disabled: the form still holds the input.
    }
  }

  clear() {
    try {
      localStorage.removeItem(this.key);
    } catch {
      // Nothing to clear.
    }
  }
}

export const drafting = {
  persist() {
    if (!this.store || !this.config.canAnnotate) return;
    const v = this.form.values();
    const hasInput = this.mode === "edit" ? this.isDirty() : this.span !== null || !this.form.isBlank();
    if (!hasInput) {
      this.drafts.clear();
      return;
    }
    const span = this.span ? this.toCodePoints(this.span) : null;
    this.drafts.save({
      kind: this.mode,
      statementId: this.statement?.id ?? null,
      version: this.base?.version ?? null,
      start: span?.start ?? null,
      end: span?.end ?? null,
      quote: this.span ? this.article.body.slice(this.span.start, this.span.end) : null,
      speaker: v.speaker,
      speakerText: v.speakerText,
      stance: v.stance,
      topics: v.topics,
      topicNames: v.topicNames,
      note: v.note,
    });
  },

  // Bring back input a reload interrupted; true when there was some.
  restoreDraft() {
    const draft = this.drafts.load();
    if (!draft) return false;
    if (!this.config.canAnnotate) {
      this.drafts.clear();
      return false;
    }
    let span = null;
    if (Number.isInteger(draft.start) && Number.isInteger(draft.end)) {
      const start = this.offsets.toUtf16(draft.start);
      const end = this.offsets.toUtf16(draft.end);
      if (end > start && this.article.body.slice(start, end) === draft.quote) span = { start, end };
    }
    const fields = {
      speaker: draft.speaker,
      speakerText: draft.speakerText,
      stance: draft.stance,
      topics: draft.topics || [],
      topicNames: draft.topicNames || [],
      note: draft.note,
    };
    const statement = draft.kind === "edit" ? this.store.get(draft.statementId) : null;
    if (statement && !this.refusal(statement)) {
      this.open(statement.id, { force: true });
      // The edit was based on the version read then: a newer one on the server
      // makes the save answer 409, and both versions are shown.
      this.base = { ...statement, version: draft.version ?? statement.version };
      this.form.fill(fields);
      if (span) this.span = span;
      this.renderSpan();
      this.form.say("Restored your unsaved changes to this statement.", "info");
      return true;
    }
    this.enterNew();
    this.form.fill(fields);
    this.span = span;
    this.renderSpan();
    this.form.say(
      draft.kind === "edit"
        ? "The statement you were changing is gone or read-only now; your input is kept here as a new statement."
        : "Restored your unsaved statement.",
      "info",
    );
    return true;
  },
};
