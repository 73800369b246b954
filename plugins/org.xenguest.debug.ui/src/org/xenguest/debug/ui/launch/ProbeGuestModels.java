package org.xenguest.debug.ui.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.xenguest.abi.DebugInfoContract;
import org.xenguest.debug.core.guest.DebugInfoBlock;
import org.xenguest.debug.core.guest.GeneratedManifests;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.guest.GuestDescriptorJson;
import org.xenguest.debug.core.guest.GuestManifest;
import org.xenguest.debug.core.guest.SharedInfoLocator;
import org.xenguest.debug.core.snapshot.DescriptorSource;

import net.fornwall.jelf.ElfException;
import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfSymbol;

/**
 * How a probe launch names a domain's ports from the files a user gives, as {@code xenguest
 * snapshot --probe --model FILE [--elf IMAGE]} does: a JSON guest descriptor as it is, or a
 * {@code .xenguest} model (through the manifest the editor's builder generated for it) or such a
 * manifest, whose ports the guest's debug info block numbers as it binds them: found at the
 * image's {@code NAME_debug_info} symbol and read through the probe before every snapshot.
 * Local files only; no SWT.
 */
final class ProbeGuestModels {

    private ProbeGuestModels() {
    }

    /**
     * @throws IllegalArgumentException naming the field, the file and what to do
     */
    static DescriptorSource describe(Path file, String elfFile) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Guest descriptor: no such file " + file);
        }
        GuestManifest manifest;
        if (file.getFileName().toString().endsWith(".xenguest")) {
            manifest = manifest(GeneratedManifests.forModel(file, LiveLaunchAttributes.outputFolder()));
        } else {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("Guest descriptor " + file + ": " + e.getMessage());
            }
            if (!GuestManifest.isManifest(text)) {
                if (!elfFile.isEmpty()) {
                    throw new IllegalArgumentException("Guest ELF image: a JSON guest descriptor needs none (it"
                            + " numbers its ports itself); leave the image empty, or give the guest's .xenguest model");
                }
                try {
                    GuestDescriptor descriptor = GuestDescriptorJson.read(file);
                    return memory -> descriptor;
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException("Guest descriptor " + file + ": " + e.getMessage());
                }
            }
            manifest = manifest(file);
        }
        if (elfFile.isEmpty()) {
            throw new IllegalArgumentException("Guest ELF image: " + file.getFileName() + " numbers its ports in the"
                    + " guest's debug info block; give the guest's ELF image (its symbol "
                    + DebugInfoContract.symbol(manifest.name()) + "), or leave the model empty to name the ports from Xen");
        }
        return new DebugInfoBlock(blockAddress(Path.of(elfFile), manifest, file), manifest);
    }

    private static GuestManifest manifest(Path file) {
        try {
            return GuestManifest.read(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Guest descriptor: the generated manifest " + e.getMessage());
        }
    }

    /** The address of the model's debug info block in the image. */
    private static long blockAddress(Path elf, GuestManifest manifest, Path model) {
        if (!Files.isRegularFile(elf)) {
            throw new IllegalArgumentException("Guest ELF image: no such file " + elf);
        }
        String symbol = DebugInfoContract.symbol(manifest.name());
        ElfSymbol found;
        try {
            found = SharedInfoLocator.symbol(ElfFile.from(elf), symbol).orElse(null);
        } catch (IOException | ElfException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Guest ELF image " + elf + " is not a readable ELF file: "
                    + e.getMessage());
        }
        if (found == null) {
            throw new IllegalArgumentException("Guest ELF image " + elf + ": no symbol " + symbol + "; is it the image"
                    + " built from " + model.getFileName() + "?");
        }
        return found.st_value;
    }
}
