// Unsaved form input, kept in localStorage per article and user until it is saved,
// so a reload, a crash or a closed tab loses nothing. This is the storage; the form
// controller decides what a draft holds and when to bring it back.

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
