package org.xenguest.debug.core.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.xenguest.abi.SharedInfoLayout;
import org.xenguest.debug.core.guest.SharedInfoLocator;
import org.xenguest.debug.core.memory.Addresses;

import net.fornwall.jelf.ElfException;
import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfSymbol;

/**
 * The launch's "shared_info from an ELF symbol": looks the symbol up with the debug core's
 * reader ({@link SharedInfoLocator#symbol}) and says whether it is the page itself or a pointer
 * the guest sets at run time (then the session reads it once connected). Reads a local file only.
 */
public final class ElfSymbolLookup {

    /** The symbol found: its address, and whether that holds a pointer to shared_info. */
    public record Found(String symbol, long address, boolean pointer) {
    }

    private ElfSymbolLookup() {
    }

    /**
     * @param symbol the name, or empty for {@link SharedInfoLocator#DEFAULT_SYMBOLS}
     * @throws IllegalArgumentException with the field's name and what to do
     */
    public static Found find(Path elf, String symbol) {
        if (!Files.isRegularFile(elf)) {
            throw new IllegalArgumentException("Guest ELF image: no such file " + elf);
        }
        ElfFile file;
        try {
            file = ElfFile.from(elf);
        } catch (IOException | ElfException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Guest ELF image " + elf + " is not a readable ELF file: "
                    + e.getMessage());
        }
        List<String> names = symbol.isEmpty() ? SharedInfoLocator.DEFAULT_SYMBOLS : List.of(symbol);
        List<String> tried = new ArrayList<>();
        for (String name : names) {
            Optional<ElfSymbol> found;
            try {
                found = SharedInfoLocator.symbol(file, name);
            } catch (IOException e) {
                throw new IllegalArgumentException("Guest ELF image " + elf + ": " + e.getMessage());
            }
            if (found.isEmpty()) {
                tried.add(name);
                continue;
            }
            ElfSymbol elfSymbol = found.get();
            if (elfSymbol.st_size == 8) {
                return new Found(name, elfSymbol.st_value, true);
            }
            if (elfSymbol.st_size == 0 || elfSymbol.st_size >= SharedInfoLayout.SHARED_INFO_SIZE) {
                return new Found(name, elfSymbol.st_value, false);
            }
            throw new IllegalArgumentException("shared_info symbol: " + name + " at "
                    + Addresses.format(elfSymbol.st_value) + " in " + elf.getFileName() + " is " + elfSymbol.st_size
                    + " bytes: neither the shared_info page nor a pointer to it");
        }
        throw new IllegalArgumentException("shared_info symbol: " + (symbol.isEmpty()
                ? "none of " + String.join(", ", tried) + " is" : symbol + " is not") + " in the symbol table of "
                + elf.getFileName() + "; name the guest's symbol, or give the address");
    }
}
