// Deleting, approving, rejecting and restoring the open statement. Methods of the
// Editor (see editor.js).

import { api, ApiError } from "../lib/api.js";
import { confirmDialog, reasonDialog } from "./dialogs.js";

export const reviewing = {
  forget(statement) {
    this.list.remove(statement.id);
    this.text.paint(this.store.list);
    this.count(statement, null);
  },

  async remove() {
    if (this.mode !== "edit" || this.refusal(this.statement)) return;
    let statement = this.statement;
    const stance = this.stanceLabels[statement.stance] ?? statement.stance;
    const ok = await confirmDialog({
      title: "Delete this statement?",
      message: `${statement.speaker_name} · ${stance}. Reviewers can still see it in the history.`,
      quote: statement.quote,
      confirm: "Delete statement",
    });
    if (!ok) return;
    for (;;) {
      try {
        await api(`${this.apiRoot}statements/${statement.id}/`, {
          method: "DELETE",
          headers: { "If-Match": `"${statement.version}"` },
        });
        this.deleted(statement, "Deleted.");
        return;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 404 || (error.status === 409 && !error.data?.current)) {
          this.deleted(statement, "It was already deleted by someone else.");
          return;
        }
        if (error.status !== 409) {
          this.form.say(`Not deleted: ${error.message}`, "error");
          return;
        }
        statement = this.apply(error.data.current);
        const again = await confirmDialog({
          title: "Changed since you opened it",
          message: `Someone saved version ${statement.version} of this statement after you opened it. Delete it anyway?`,
          quote: statement.quote,
          confirm: "Delete statement",
        });
        if (!again) {
          this.form.say("Not deleted; the form shows the current version.", "info");
          return;
        }
      }
    }
  },

  deleted(statement, message) {
    const removed = this.store.remove(statement.id);
    if (removed) this.forget(removed);
    this.drafts.clear();
    if (this.statement?.id === statement.id) this.enterNew();
    this.form.say(message, "ok");
  },

  async review(decision) {
    if (this.mode !== "edit" || !this.config.canReview) return;
    const statement = this.statement;
    if (this.isDirty()) {
      this.form.say("Save or discard your changes before you approve or reject.", "error");
      return;
    }
    const body = { version: statement.version };
    if (decision === "reject") {
      const reason = await reasonDialog({ quote: statement.quote });
      if (reason === null) return;
      body.comment = reason;
    }
    try {
      const result = await api(`${this.apiRoot}statements/${statement.id}/${decision}/`, {
        method: "POST",
        body,
      });
      this.apply(result);
      this.form.say(decision === "approve" ? "Approved." : "Rejected.", "ok");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 409 && error.data?.current) {
        this.apply(error.data.current);
        this.form.say(
          "Someone changed this statement after you opened it; the form shows the current version. Decide again.",
          "error",
        );
      } else this.form.say(error.message, "error");
    }
  },

  async restore(entry) {
    const statement = this.statement;
    const ok = await confirmDialog({
      title: `Restore version ${entry.version}?`,
      message:
        "Its quote, speaker, stance, topics and note replace the current ones. The restore is recorded as a new change.",
      quote: entry.snapshot.quote,
      confirm: "Restore",
    });
    if (!ok) return;
    try {
      const result = await api(`${this.apiRoot}statements/${statement.id}/restore/`, {
        method: "POST",
        body: { history_id: entry.history_id, version: statement.version },
      });
      this.apply(result);
      this.form.say(`Restored version ${entry.version}.`, "ok");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 409 && error.data?.current) this.apply(error.data.current);
      this.form.say(`Not restored: ${error.message}`, "error");
    }
  },
};
