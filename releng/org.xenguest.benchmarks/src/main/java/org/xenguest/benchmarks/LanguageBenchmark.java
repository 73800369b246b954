package org.xenguest.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.TextRegion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xenguest.dsl.check.ModelChecker;
import org.xenguest.dsl.ide.XenguestIdeSetup;

import com.google.inject.Injector;

/**
 * The language on a 5,000-line model: a full parse + validation (what {@code xenguest check}
 * and the builder do per file) and content assist at a port kind in the middle of it (what
 * the editor does per Ctrl+Space, on an already parsed document). Goals from the DSL issue:
 * validation under 250 ms, content assist under 20 ms on the 2-core build machines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LanguageBenchmark {

    public static final int LINES = 5_000;

    private Injector injector;
    private ModelChecker checker;
    private String text;
    private int assistOffset;
    private XtextResource parsed;
    private ExecutorService pool;

    @Setup
    public void setUp() throws Exception {
        injector = new XenguestIdeSetup().createInjectorAndDoEMFRegistration();
        checker = new ModelChecker(injector);
        text = ModelText.guests(LINES);
        assistOffset = text.indexOf(ModelText.ASSIST_MARKER) + ModelText.ASSIST_MARKER.length();
        XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
        parsed = (XtextResource) set.createResource(URI.createURI("bench.xenguest"));
        parsed.load(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), null);
        pool = Executors.newCachedThreadPool();
        if (checker.check("bench.xenguest", text).hasErrors()) {
            throw new IllegalStateException("the benchmark model must be valid");
        }
        if (contentAssist().isEmpty()) {
            throw new IllegalStateException("content assist proposed nothing at the port kind");
        }
    }

    @TearDown
    public void tearDown() {
        pool.shutdownNow();
    }

    @Benchmark
    public ModelChecker.Result parseAndValidate() {
        return checker.check("bench.xenguest", text);
    }

    @Benchmark
    public List<ContentAssistEntry> contentAssist() {
        ContentAssistContextFactory factory = injector.getInstance(ContentAssistContextFactory.class);
        factory.setPool(pool);
        ContentAssistContext[] contexts = factory.create(text, new TextRegion(assistOffset, 0), assistOffset, parsed);
        IdeContentProposalAcceptor acceptor = injector.getInstance(IdeContentProposalAcceptor.class);
        injector.getInstance(IdeContentProposalProvider.class).createProposals(List.of(contexts), acceptor);
        List<ContentAssistEntry> entries = new ArrayList<>();
        acceptor.getEntries().forEach(entries::add);
        return entries;
    }
}
