package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.guest.DebugInfoBlock;
import org.xenguest.debug.ui.launch.ProbeLaunchAttributes;
import org.xenguest.debug.ui.launch.ProbeLaunchTab;
import org.xenguest.tests.support.TinyElf;

/**
 * The probe launch with the guest's {@code .xenguest} model and ELF image (as {@code xenguest
 * snapshot --probe --model X.xenguest --elf IMAGE}): the model's generated manifest names the
 * ports, the image's {@code NAME_debug_info} symbol says where the guest numbers them; every bad
 * path or missing piece is refused with a sentence naming the field, in the tab too. The launch
 * on a real host with the reference guest's model: {@link ProbeLaunchOnHostTest}.
 */
class ProbeLaunchModelTest {

    private static final long BLOCK = 0x10_2000L;

    /** A project with guest.xenguest (guest g) and, when {@code generated}, its manifest in src-gen. */
    private static Path project(boolean generated) throws Exception {
        Path project = Files.createTempDirectory("xenguest-probe-project");
        Files.writeString(project.resolve(".project"), "<projectDescription><name>g</name></projectDescription>");
        Path model = project.resolve("guest.xenguest");
        Files.writeString(model, "guest g { type pvh }\n");
        if (generated) {
            Files.createDirectories(project.resolve("src-gen/manifest"));
            Files.writeString(project.resolve("src-gen/manifest/g.json"), ManifestLaunchTest.manifest("guest.xenguest"));
        }
        return model;
    }

    private static String refusal(String model, String elf) {
        return assertThrows(IllegalArgumentException.class,
                () -> ProbeLaunchAttributes.read(true, "", "refguest", model, elf, 10, "")).getMessage();
    }

    @Test
    void aModelAndItsImageNameThePortsThroughTheDebugInfoBlock() throws Exception {
        Path model = project(true);
        Path elf = TinyElf.executable().symbol("g_debug_info", BLOCK, 64)
                .write(model.resolveSibling("g.elf"));
        var read = ProbeLaunchAttributes.read(true, "", "refguest", model.toString(), elf.toString(), 10, "");
        DebugInfoBlock block = (DebugInfoBlock) read.descriptors();
        assertEquals(BLOCK, block.address());
        assertEquals("g", block.manifest().name());
        assertEquals(ManifestLaunchTest.PORTS.size(), block.manifest().ports().size());
        assertEquals(model.toAbsolutePath(), read.settings().modelFile());
        // the generated manifest itself does the same
        var byManifest = ProbeLaunchAttributes.read(true, "", "refguest",
                model.resolveSibling("src-gen/manifest/g.json").toString(), elf.toString(), 10, "");
        assertEquals(BLOCK, ((DebugInfoBlock) byManifest.descriptors()).address());
        // no model: Xen names the ports
        assertNull(ProbeLaunchAttributes.read(true, "", "refguest", "", "", 10, "").descriptors());
    }

    @Test
    void badPathsAndMissingPiecesAreRefusedWithTheFieldAndWhatToDo() throws Exception {
        Path model = project(true);
        String noImage = refusal(model.toString(), "");
        assertTrue(noImage.startsWith("Guest ELF image: guest.xenguest numbers its ports in the guest's debug info block;"
                + " give the guest's ELF image (its symbol g_debug_info)"), noImage);
        String noSuchImage = refusal(model.toString(), "/nonexistent/g.elf");
        assertEquals("Guest ELF image: no such file /nonexistent/g.elf", noSuchImage);
        Path notElf = Files.writeString(model.resolveSibling("notes.txt"), "not an image");
        assertTrue(refusal(model.toString(), notElf.toString()).contains("is not a readable ELF file"),
                refusal(model.toString(), notElf.toString()));
        Path otherImage = TinyElf.executable().symbol("other_debug_info", BLOCK, 64)
                .write(model.resolveSibling("other.elf"));
        String wrongImage = refusal(model.toString(), otherImage.toString());
        assertTrue(wrongImage.contains("no symbol g_debug_info; is it the image built from guest.xenguest?"), wrongImage);
        assertEquals("Guest descriptor: no such file /nonexistent/guest.xenguest",
                refusal("/nonexistent/guest.xenguest", otherImage.toString()));
        String unsaved = refusal(project(false).toString(), otherImage.toString());
        assertTrue(unsaved.contains("save the model so the builder generates its manifest"), unsaved);
        String imageAlone = refusal("", otherImage.toString());
        assertTrue(imageAlone.startsWith("Guest ELF image: it goes with a .xenguest model"), imageAlone);
    }

    @Test
    void theTabShowsWhyAModelIsRefused() throws Exception {
        Path model = project(true);
        Path elf = TinyElf.executable().symbol("g_debug_info", BLOCK, 64).write(model.resolveSibling("g.elf"));
        ILaunchConfigurationWorkingCopy configuration = ProbeLaunchOnHostTest.type().newInstance(null, "model in tab");
        Shell shell = new Shell(Display.getCurrent(), SWT.SHELL_TRIM);
        shell.setLayout(new FillLayout());
        try {
            ProbeLaunchTab tab = new ProbeLaunchTab();
            tab.createControl(shell);
            tab.setDefaults(configuration);
            configuration.setAttribute(ProbeLaunchAttributes.DOMAIN, "refguest");
            tab.initializeFrom(configuration);
            tab.setModel(model.toString(), "/nonexistent/g.elf");
            assertFalse(tab.isValid(configuration));
            assertEquals("Guest ELF image: no such file /nonexistent/g.elf", tab.getErrorMessage());
            tab.setModel(model.toString(), elf.toString());
            assertTrue(tab.isValid(configuration), tab.getErrorMessage());
            tab.performApply(configuration);
            assertEquals(elf.toString(), configuration.getAttribute(ProbeLaunchAttributes.ELF_FILE, ""));
            assertEquals(model.toString(), configuration.getAttribute(ProbeLaunchAttributes.DESCRIPTOR, ""));
        } finally {
            shell.dispose();
        }
    }
}
