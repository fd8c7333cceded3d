// A new statement whose words are a known claim (the same line in other articles) starts
// from that claim's speaker and stance, when the analyst has not chosen them yet.

import { api } from "../lib/api.js";
import { debounce } from "../lib/dom.js";

export class ClaimProposal {
  // session: the form controller (its `span` events and mode); body: the article text.
  constructor({ session, form, body, apiRoot, say }) {
    this.asked = null;
    const look = debounce((quote) => this.#look(quote, session, form, apiRoot, say), 250);
    session.addEventListener("span", ({ detail }) => {
      const span = detail.draft;
      if (session.mode !== "new" || !span) return;
      const quote = body.slice(span.start, span.end);
      if (quote.split(/\s+/u).length >= 5 && quote !== this.asked) look(quote);
    });
  }

  async #look(quote, session, form, apiRoot, say) {
    this.asked = quote;
    let found;
    try {
      found = await api(`${apiRoot}claims/match/?quote=${encodeURIComponent(quote)}`);
    } catch {
      return; // a proposal is a help, not a step: nothing to say when it is not there
    }
    if (!found.claim || session.mode !== "new") return;
    const values = form.values();
    if (values.speaker || values.speakerText.trim()) return;
    form.speaker.set({ id: found.speaker, name: found.speaker_name });
    if (!values.stance && found.stance) form.setStance(found.stance);
    session.changed();
    say(`The same line is in ${found.article_count} other articles: speaker and stance from there.`);
  }
}
