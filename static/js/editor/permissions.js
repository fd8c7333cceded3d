// What the user may do with a statement. The server says so on every statement it
// sends (`can_change`, and `read_only_reason` when it is false), computed for the user
// who asks; the editor shows that and never decides it.

const NOT_ALLOWED = "You may not change this statement.";

// Why the user may not change `statement`, or null when they may.
export function readOnlyReason(statement) {
  return statement.can_change ? null : statement.read_only_reason || NOT_ALLOWED;
}
