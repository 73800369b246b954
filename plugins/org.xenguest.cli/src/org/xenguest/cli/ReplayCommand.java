package org.xenguest.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.xenguest.debug.core.format.SnapshotJson;
import org.xenguest.debug.core.format.SnapshotText;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code xenguest replay}: a recording ({@code watch --record}, the Studio's record option)
 * played through the same session as a live guest: each snapshot decoded again from its raw
 * bytes, diffed, judged by the rules over the history, printed as {@code watch} prints it, as
 * fast as it can be read (a recording is looked at, not waited for).
 */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {"Play a recording back: every snapshot with the changed bits marked (*) and the findings, as"
                + " watch prints them, or one JSON object a line with --json (format: docs/snapshot-json.md).",
                "The rules judge the recording's history afresh, so --threshold may differ from the live run's."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the recording is damaged (the line is printed)",
                "2:usage error (bad option, unreadable file, not a recording)"})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private RecordingPlayback recording;

    @Option(names = "--json", description = "Print one JSON object a line, with \"changed\" since the previous line.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
        long played = recording.play(spec, update -> {
            if (json) {
                out.println(gson.toJson(SnapshotJson.toJson(update.snapshot(), update.findings(), update.diff())));
            } else {
                out.print(SnapshotText.render(update.snapshot(), update.findings(), update.diff(), false) + "\n");
            }
        });
        if (played < 0) {
            return (int) -played;
        }
        if (!json) {
            spec.commandLine().getErr().println("xenguest replay: " + played + " snapshots of " + recording.file);
            spec.commandLine().getErr().flush();
        }
        return Main.EXIT_OK;
    }
}
