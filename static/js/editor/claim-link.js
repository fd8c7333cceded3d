// The statement open in the form, when its words stand in other articles too (a claim):
// "Also in 4 other articles", linked to the claim's page.

export class ClaimLink {
  constructor({ box, link, store }) {
    const show = () => {
      const statement = store.selected;
      const others = statement?.claim ? (statement.claim_articles ?? 1) - 1 : 0;
      box.hidden = others < 1;
      if (others < 1) return;
      link.textContent = `Also in ${others} other article${others === 1 ? "" : "s"}`;
      link.href = `/claims/${statement.claim}/`;
    };
    store.on("select", show);
    store.on("put", show);
  }
}
