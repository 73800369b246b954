package org.xenguest.debug.core.snapshot;

import org.xenguest.abi.XenstoreInterface;

/**
 * The xenstore ring page at one moment.
 *
 * @param address where the page is
 * @param page    the decoded page
 */
public record XenstoreState(long address, XenstoreInterface page) {
}
