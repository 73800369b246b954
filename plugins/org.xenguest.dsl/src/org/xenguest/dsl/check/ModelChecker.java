package org.xenguest.dsl.check;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.xenguest.dsl.XenguestStandaloneSetup;
import org.xenguest.dsl.validation.XenguestIssueCodes;
import org.xenguest.dsl.xenguest.Model;

import com.google.inject.Injector;

/**
 * Parses and validates {@code .xenguest} files outside any editor (the CLI, the builder, tests).
 * Input that is not a model (binary data, text that is not UTF-8, a huge file) gets a located
 * diagnostic, never an exception.
 */
public final class ModelChecker {

    /** Models are small; past this the file is refused rather than parsed for minutes (XG903). */
    public static final long MAX_MODEL_BYTES = 8L << 20;

    private final Injector injector;

    public ModelChecker() {
        this(new XenguestStandaloneSetup().createInjectorAndDoEMFRegistration());
    }

    public ModelChecker(Injector injector) {
        this.injector = injector;
    }

    /** A checked model: its diagnostics, and the parsed model when it could be parsed at all. */
    public record Result(String file, List<ModelDiagnostic> diagnostics, Model model) {

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(ModelDiagnostic::isError);
        }
    }

    /** Reads and checks one file. An unreadable file throws: that is the caller's usage error. */
    public Result check(Path path) throws IOException {
        String name = path.toString();
        long size = Files.size(path);
        if (size > MAX_MODEL_BYTES) {
            return refused(name, XenguestIssueCodes.FILE_TOO_LARGE, "the file has " + size + " bytes; a guest model is at most "
                    + MAX_MODEL_BYTES + " bytes: is this the right file?");
        }
        byte[] bytes = Files.readAllBytes(path);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return refused(name, XenguestIssueCodes.NOT_TEXT, "the file is not UTF-8 text (binary data?); a guest model is a text file");
        }
        if (text.indexOf('\0') >= 0) {
            int offset = text.indexOf('\0');
            return new Result(name, List.of(located(name, text, offset, XenguestIssueCodes.NOT_TEXT,
                    "a NUL byte: the file is not text (binary data?); a guest model is a text file")), null);
        }
        return check(name, text);
    }

    /** Checks model text that came from somewhere other than a file (an editor buffer, a test). */
    public Result check(String name, String text) {
        XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) resourceSet.createResource(URI.createFileURI(
                name.endsWith(".xenguest") ? name : name + ".xenguest"));
        try {
            resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    resourceSet.getLoadOptions());
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
        List<Issue> issues = injector.getInstance(IResourceValidator.class)
                .validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
        List<ModelDiagnostic> diagnostics = new ArrayList<>();
        for (Issue issue : issues) {
            diagnostics.add(new ModelDiagnostic(name,
                    issue.getLineNumber() == null ? 1 : issue.getLineNumber(),
                    issue.getColumn() == null ? 1 : issue.getColumn(),
                    issue.getOffset() == null ? 0 : issue.getOffset(),
                    issue.getLength() == null ? 0 : issue.getLength(),
                    issue.getSeverity().name().toLowerCase(java.util.Locale.ROOT),
                    issue.getCode() == null ? "XG900" : issue.getCode(),
                    issue.getMessage()));
        }
        diagnostics.sort(Comparator.comparingInt(ModelDiagnostic::offset));
        Model model = resource.getContents().isEmpty() ? null : (Model) resource.getContents().get(0);
        return new Result(name, List.copyOf(diagnostics), model);
    }

    private static Result refused(String name, String code, String message) {
        return new Result(name, List.of(new ModelDiagnostic(name, 1, 1, 0, 0, "error", code, message)), null);
    }

    private static ModelDiagnostic located(String name, String text, int offset, String code, String message) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new ModelDiagnostic(name, line, offset - lineStart + 1, offset, 1, "error", code, message);
    }
}
