package org.xenguest.dsl.validation;

import org.eclipse.xtext.validation.ComposedChecks;

/**
 * The rules of the Xenguest language, by subject: {@link SettingsChecks} (guest names and
 * settings), {@link GrantChecks}, {@link PortChecks}, {@link XenstoreChecks} and
 * {@link DeviceChecks} (netfront, debug stub); what several subjects share is written once in
 * {@link XenguestChecks}. Every diagnostic has a stable code from {@link XenguestIssueCodes}, a
 * message that says what is wrong, why, and what to do, and the location of the offending
 * feature. Issue data carries what a quick fix needs (the smallest frames that fit, the nearest
 * names, a free name). The subjects are listed in the order their checks of a guest run (so the
 * issues of an element keep their order).
 */
@ComposedChecks(validators = { SettingsChecks.class, GrantChecks.class, PortChecks.class, XenstoreChecks.class,
		DeviceChecks.class })
public class XenguestValidator extends AbstractXenguestValidator {
}
