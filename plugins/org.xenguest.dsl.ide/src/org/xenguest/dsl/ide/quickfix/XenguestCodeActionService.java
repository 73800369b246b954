package org.xenguest.dsl.ide.quickfix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.xenguest.dsl.validation.XenguestIssueCodes;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

/**
 * Quick fixes from the issue data the validator puts on its diagnostics: each replaces the
 * diagnostic's range (the offending value or name) with a suggested one, e.g. "Set frames to 2"
 * (XG101), "Change to 'timer'" (XG208), "Rename to 'net0_2'" (XG201).
 */
public class XenguestCodeActionService implements ICodeActionService2 {

	@Override
	public List<Either<Command, CodeAction>> getCodeActions(Options options) {
		List<String> only = options.getCodeActionParams().getContext().getOnly();
		if (only != null && !only.isEmpty() && !only.contains(CodeActionKind.QuickFix)) {
			return Collections.emptyList();
		}
		List<Either<Command, CodeAction>> result = new ArrayList<>();
		for (Diagnostic d : options.getCodeActionParams().getContext().getDiagnostics()) {
			if (d.getCode() == null || !d.getCode().isLeft()) {
				continue;
			}
			List<String> data = data(d.getData());
			String code = d.getCode().getLeft();
			switch (code) {
			case XenguestIssueCodes.GRANT_BUDGET:
				if (!data.isEmpty() && !message(d).contains("declares no grant-table")) {
					result.add(fix(options, d, "Set frames to " + data.get(0), data.get(0)));
				}
				break;
			case XenguestIssueCodes.VIRQ_UNKNOWN:
			case XenguestIssueCodes.FEATURE_UNKNOWN:
			case XenguestIssueCodes.UNRESOLVED_REFERENCE:
				for (String name : data) {
					result.add(fix(options, d, "Change to '" + name + "'", name));
				}
				break;
			case XenguestIssueCodes.DUPLICATE_GUEST:
			case XenguestIssueCodes.DUPLICATE_GRANT:
			case XenguestIssueCodes.DUPLICATE_PORT:
			case XenguestIssueCodes.DUPLICATE_NETFRONT:
			case XenguestIssueCodes.HANDLER_SHARED:
			case XenguestIssueCodes.HANDLER_SIGNATURE_CLASH:
			case XenguestIssueCodes.INVALID_IDENTIFIER:
				if (!data.isEmpty()) {
					result.add(fix(options, d, "Rename to '" + data.get(0) + "'", data.get(0)));
				}
				break;
			case XenguestIssueCodes.RING_SIZE:
			case XenguestIssueCodes.GRANT_FRAMES_ZERO:
			case XenguestIssueCodes.GRANT_COUNT_ZERO:
			case XenguestIssueCodes.VCPU_RANGE:
			case XenguestIssueCodes.VIRQ_GLOBAL_VCPU:
				if (!data.isEmpty()) {
					result.add(fix(options, d, "Use " + data.get(0), data.get(0)));
				}
				break;
			case XenguestIssueCodes.DEBUG_STUB_NO_UART:
				if (!data.isEmpty()) {
					result.add(fix(options, d, "Use '" + data.get(0) + "' (the PV console)", data.get(0)));
				}
				break;
			case XenguestIssueCodes.XENSTORE_WATCH_HANDLER:
				if (!data.isEmpty()) {
					result.add(fix(options, d, "Add handler " + data.get(0), "watch handler " + data.get(0)));
				}
				break;
			default:
				break;
			}
		}
		return result;
	}

	private static Either<Command, CodeAction> fix(Options options, Diagnostic d, String title, String replacement) {
		CodeAction action = new CodeAction(title);
		action.setKind(CodeActionKind.QuickFix);
		action.setDiagnostics(List.of(d));
		action.setEdit(new WorkspaceEdit(Map.of(options.getURI(), List.of(new TextEdit(d.getRange(), replacement)))));
		return Either.forRight(action);
	}

	private static String message(Diagnostic d) {
		if (d.getMessage() == null) {
			return "";
		}
		return d.getMessage().isLeft() ? d.getMessage().getLeft() : d.getMessage().getRight().getValue();
	}

	/** Diagnostic data arrives as String[] in-process and as a JSON array over the wire. */
	static List<String> data(Object data) {
		List<String> result = new ArrayList<>();
		if (data instanceof String[]) {
			Collections.addAll(result, (String[]) data);
		} else if (data instanceof JsonArray) {
			for (JsonElement e : (JsonArray) data) {
				result.add(e.getAsString());
			}
		} else if (data instanceof JsonElement && ((JsonElement) data).isJsonPrimitive()) {
			result.add(((JsonElement) data).getAsString());
		} else if (data instanceof List) {
			for (Object o : (List<?>) data) {
				result.add(String.valueOf(o));
			}
		}
		return result;
	}
}
