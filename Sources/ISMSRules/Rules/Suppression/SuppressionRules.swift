import ISMSModel

// The engine produces these two while it applies suppressions; the types carry their descriptions and examples.

struct SuppressionReasonRule: Rule {
    static let description = RuleDescription(
        id: "suppression-reason-missing", name: "Suppression without a reason", family: .suppression, severity: .error,
        rationale: "Silencing a finding is a decision an auditor may ask about; the reason must stand beside it. A suppression without a reason suppresses nothing.",
        triggering: [RuleExample("policies/p.md", """
        ---
        id: POL-1
        type: policy
        title: Access control
        owner: alice
        approver: carol
        version: "1.0"
        status: draft
        review_every: 12 months
        ---
        <!-- ↓isms-disable-next-line link-broken -->
        See [the wiki](missing.md).
        """)],
        nonTriggering: [RuleExample("policies/p.md", """
        ---
        id: POL-1
        type: policy
        title: Access control
        owner: alice
        approver: carol
        version: "1.0"
        status: draft
        review_every: 12 months
        ---
        <!-- isms-disable-next-line link-broken: the page moves to the wiki in sprint 14 -->
        See [the wiki](missing.md).
        """)])
    func check(_ context: RuleContext) -> [Finding] { [] }
}

struct SuppressionUnusedRule: Rule {
    static let description = RuleDescription(
        id: "suppression-unused", name: "Suppression that suppresses nothing", family: .suppression, severity: .warning,
        rationale: "A stale suppression hides the next real problem on that line; remove it once the finding is gone.",
        triggering: [RuleExample(["policies/p.md": """
        ---
        id: POL-1
        type: policy
        title: Access control
        owner: alice
        approver: carol
        version: "1.0"
        status: draft
        review_every: 12 months
        ---
        <!-- ↓isms-disable-next-line link-broken: moved to the wiki -->
        See [the scope](../scope.md).
        """, "scope.md": "# The scope\n", "people.md": RuleExample.people], note: "the link it guards is not broken"),
        RuleExample("policies/p.md", """
        ---
        id: POL-1
        type: policy
        title: Access control
        owner: alice
        approver: carol
        version: "1.0"
        status: draft
        review_every: 12 months
        ---
        <!-- ↓isms-disable-file no-such-rule: typo in the rule id -->
        """)],
        nonTriggering: [RuleExample("policies/p.md", """
        ---
        id: POL-1
        type: policy
        title: Access control
        owner: alice
        approver: carol
        version: "1.0"
        status: draft
        review_every: 12 months
        ---
        <!-- isms-disable-next-line link-broken: moved to the wiki -->
        See [the wiki](missing.md).
        """)])
    func check(_ context: RuleContext) -> [Finding] { [] }
}
