# plan-policy.jq: a policy over a cfscim plan, for CI (jq 1.6 or later).
#
#   jq -r -f docs/policy/plan-policy.jq acme.plan                   # a saved plan (cfscim plan -out)
#   cfscim plan -f declarations/ -json | jq -r -f docs/policy/plan-policy.jq
#   jq -r --arg approved true -f docs/policy/plan-policy.jq acme.plan   # the approval label is set
#
# It reads the plan's data (docs/plan.schema.json, format 2.0), never its sentences. Exit 0 and
# "plan-policy: pass ..." on stdout when every rule holds; otherwise exit 1, one "plan-policy: deny:"
# line per broken rule on stderr. Options, all optional (jq's --arg and --argjson):
#   approved       "true" when the change was approved (a pull request's label, say)
#   max_removals   removals allowed without approval (default 20)

# The roles no plan may take from anyone, approved or not.
def protected_roles: ["Super Administrator - All Privileges"];

def max_removals: ($ARGS.named.max_removals // 20) | tonumber;
def approved: ($ARGS.named.approved // "false") | tostring == "true";

# A saved plan holds the plan under .plan; plan -json prints it bare.
(if .format == "cfscim-saved-plan" then .plan else . end) as $plan

# Only what apply will do counts: held changes are not made.
| [$plan.changes[]? | .membersRemoved[]?] as $removals
| [ # A plan of another shape is not understood, so it does not pass.
    (if $plan.format_version != "2.0"
     then "the plan is of format \($plan.format_version // "unknown"); this policy reads 2.0" else empty end),

    # Rule 1: no plan may remove a protected role, from a member or from a group.
    ($plan.changes[]? | . as $c | $c.rolesRemoved[]? | select(IN(protected_roles[]))
     | "\($c.summary): takes \(.) from \(if ($c.membersRemoved | length) > 0
         then $c.membersRemoved | join(", ") else "the group's members" end)"),

    # Rule 2: no more than max_removals members removed (from the account, a role or a group)
    # without approval.
    (if ($removals | length) > max_removals and (approved | not)
     then "\($removals | length) removals (more than \(max_removals)) need approval: rerun with --arg approved true once approved"
     else empty end)
  ] as $denials
| if ($denials | length) == 0
  then "plan-policy: pass (\($plan.changes | length) changes, \($removals | length) removals)"
  else ($denials | map("plan-policy: deny: " + .) | join("\n") + "\n") | halt_error(1)
  end
