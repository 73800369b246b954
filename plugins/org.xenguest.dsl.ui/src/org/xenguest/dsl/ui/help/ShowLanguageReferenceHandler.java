package org.xenguest.dsl.ui.help;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/** Help > Xen Guest Language Reference: opens (or brings up) the reference view. */
public class ShowLanguageReferenceHandler extends AbstractHandler {
	@Override
	public Object execute(ExecutionEvent event) throws ExecutionException {
		IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
		try {
			return window.getActivePage().showView(LanguageReferenceView.ID);
		} catch (PartInitException e) {
			throw new ExecutionException("cannot open the language reference view", e);
		}
	}
}
