package org.xenguest.dsl.scoping;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.Scopes;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.XenguestPackage;

/**
 * Ports are local to their guest: a netfront's {@code port NAME} and an interdomain port's
 * {@code remote self port NAME} see the ports of their own guest only, by simple name, and nothing
 * from other guests or files.
 */
public class XenguestScopeProvider extends AbstractXenguestScopeProvider {

	@Override
	public IScope getScope(EObject context, EReference reference) {
		if (reference == XenguestPackage.Literals.NETFRONT__PORT
				|| reference == XenguestPackage.Literals.INTERDOMAIN_PORT__PORT) {
			Guest guest = EcoreUtil2.getContainerOfType(context, Guest.class);
			return guest == null ? IScope.NULLSCOPE : Scopes.scopeFor(guest.getPorts());
		}
		return super.getScope(context, reference);
	}
}
