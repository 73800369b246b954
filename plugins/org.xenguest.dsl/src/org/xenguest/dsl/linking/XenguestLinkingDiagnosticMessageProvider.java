package org.xenguest.dsl.linking;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;
import org.xenguest.dsl.analysis.NearestNames;
import org.xenguest.dsl.validation.XenguestIssueCodes;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.Port;
import org.xenguest.dsl.xenguest.XenguestPackage;

/** "no port named X" instead of Xtext's generic "Couldn't resolve reference". Code XG901, nearest names as data. */
public class XenguestLinkingDiagnosticMessageProvider extends LinkingDiagnosticMessageProvider {

	@Override
	public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
		boolean pair = context.getReference() == XenguestPackage.Literals.INTERDOMAIN_PORT__PORT;
		if (context.getReference() == XenguestPackage.Literals.NETFRONT__PORT || pair) {
			Guest guest = EcoreUtil2.getContainerOfType(context.getContext(), Guest.class);
			List<String> declared = new ArrayList<>();
			if (guest != null) {
				for (Port p : guest.getPorts()) {
					if (p.getName() != null) {
						declared.add(p.getName());
					}
				}
			}
			String name = context.getLinkText();
			List<String> near = NearestNames.nearest(name, declared, 3);
			String guestName = guest == null ? "this guest" : "guest " + guest.getName();
			StringBuilder msg = new StringBuilder("no port named '" + name + "' in " + guestName);
			if (!near.isEmpty()) {
				msg.append(": did you mean ").append(NearestNames.orList(near)).append('?');
			}
			msg.append(pair ? " The port an interdomain port pairs with must be declared in the same guest"
					: " A device's port must be declared in the same guest");
			msg.append(declared.isEmpty() ? " (it declares none)" : " (declared: " + String.join(", ", declared) + ")");
			msg.append(". Declare 'port ").append(name).append(pair ? " : unbound remote self'" : " : unbound remote 0'")
					.append(" or name a declared port.");
			return new DiagnosticMessage(msg.toString(), Severity.ERROR, XenguestIssueCodes.UNRESOLVED_REFERENCE,
					near.toArray(new String[0]));
		}
		DiagnosticMessage d = super.getUnresolvedProxyMessage(context);
		return new DiagnosticMessage(d.getMessage(), d.getSeverity(), XenguestIssueCodes.UNRESOLVED_REFERENCE, d.getIssueData());
	}
}
