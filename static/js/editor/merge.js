// A three-way merge of one statement, field by field: what the user started from
// (`base`), what they saved (`mine`) and what the server holds now (`theirs`), each a
// statement as the API sends it. A field only one side changed is taken from that
// side; a field both changed to different values is a conflict for the user to decide.

export const FIELDS = ["span", "speaker", "stance", "topics", "note"];

export const FIELD_LABELS = {
  span: "Quote",
  speaker: "Speaker",
  stance: "Stance",
  topics: "Topics",
  note: "Note",
};

function valueOf(statement, field) {
  if (field === "span") return `${statement.start}:${statement.end}`;
  if (field === "topics") return [...(statement.topics ?? [])].sort((a, b) => a - b).join(",");
  return statement[field] ?? "";
}

// {take: {field: "mine" | "theirs"}, conflicts: [field]}: for each field that differs
// between the sides, whose value it takes when nobody is asked; conflicts are the
// fields both changed, which take "mine" here until the user says otherwise.
export function mergeFields(base, mine, theirs) {
  const take = {};
  const conflicts = [];
  for (const field of FIELDS) {
    const [b, m, t] = [valueOf(base, field), valueOf(mine, field), valueOf(theirs, field)];
    if (m === t) continue;
    if (m !== b && t !== b) conflicts.push(field);
    take[field] = t !== b && m === b ? "theirs" : "mine";
  }
  return { take, conflicts };
}
