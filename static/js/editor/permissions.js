// What the user may do with a statement. The server says so on every statement it
// sends (`can_change`, and `read_only_reason` when it is false), computed for the user
// who asks; the editor shows that and never decides it.

const NOT_ALLOWED = "You may not change this statement.";

// Why the user may not change `statement`, or null when they may.
export function readOnlyReason(statement, config) {
  if (typeof statement.can_change === "boolean") {
    return statement.can_change ? null : statement.read_only_reason || NOT_ALLOWED;
  }
  return mirroredRule(statement, config);
}

// A server that does not send `can_change` yet: the rule it applies, stated here.
function mirroredRule(statement, config) {
  if (config.canReview) return null;
  if (!config.canAnnotate) return "Your account may read statements but not change them.";
  if (statement.created_by !== config.user.username) {
    return `Added by ${statement.created_by ?? "someone else"}: you can only change statements you created.`;
  }
  if (statement.status === "approved") {
    return "Approved statements are read-only for analysts; ask a reviewer to change this one.";
  }
  return null;
}
