package org.xenguest.debug.core.findings;

/** How bad a finding is: an ERROR stops the guest's progress, a WARNING may or may not. */
public enum Severity {
    INFO, WARNING, ERROR
}
