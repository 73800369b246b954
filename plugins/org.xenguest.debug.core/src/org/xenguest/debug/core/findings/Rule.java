package org.xenguest.debug.core.findings;

import java.util.List;

/** One failure pattern, judged on the latest snapshot and the history before it. */
public interface Rule {

    FindingCode code();

    /** The findings for the latest snapshot of {@code context}; empty if the pattern is absent. */
    List<Finding> evaluate(RuleContext context);
}
