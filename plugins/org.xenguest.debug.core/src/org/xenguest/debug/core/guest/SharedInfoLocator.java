package org.xenguest.debug.core.guest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.xenguest.abi.SharedInfoLayout;
import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.memory.GuestMemory;

import net.fornwall.jelf.ElfException;
import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfSymbol;
import net.fornwall.jelf.ElfSymbolTableSection;

/**
 * Finds shared_info: given by the user, named by the guest descriptor, or from a symbol of the
 * guest's ELF image. Guests name it two ways:
 * <ul>
 * <li>a page: {@code shared_info} (Mini-OS maps the real page over it), an object of at least
 *     sizeof(struct shared_info) or a size-less assembler label: the symbol's address is the page;</li>
 * <li>a pointer: {@code HYPERVISOR_shared_info} (Mini-OS, Unikraft, Linux), an 8-byte object:
 *     the page's address is read from guest memory at the symbol.</li>
 * </ul>
 * A pointer that still reads 0 (the guest has not mapped shared_info yet) falls through to the
 * next candidate.
 */
public final class SharedInfoLocator {

    /** Symbols tried in order when the caller names none. */
    public static final List<String> DEFAULT_SYMBOLS = List.of("HYPERVISOR_shared_info", "shared_info",
            "HYPERVISOR_SHARED_INFO", "xen_shared_info");

    /** Where shared_info is, and how that was found (for messages). */
    public record Location(long address, String how) {
    }

    private SharedInfoLocator() {
    }

    /**
     * Looks {@code symbols} up in {@code elf}, in order; {@code memory} is used for pointer
     * symbols and may be null (then pointers are skipped).
     *
     * @throws IOException if the file cannot be read, or no candidate gives an address; the
     *                     message lists what was tried
     */
    public static Location fromElf(Path elf, GuestMemory memory, List<String> symbols) throws IOException {
        ElfFile file;
        try {
            file = ElfFile.from(elf);
        } catch (ElfException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException(elf + " is not a readable ELF file: " + e.getMessage(), e);
        }
        List<String> tried = new ArrayList<>();
        for (String name : symbols) {
            Optional<ElfSymbol> found = symbol(file, name);
            if (found.isEmpty()) {
                tried.add(name + " (not in the symbol table)");
                continue;
            }
            ElfSymbol symbol = found.get();
            if (symbol.st_size == 8) {
                if (memory == null) {
                    tried.add(name + " (a pointer, and no guest memory to read it from)");
                    continue;
                }
                byte[] pointer = memory.read(symbol.st_value, 8);
                long address = 0;
                for (int i = 7; i >= 0; i--) {
                    address = address << 8 | (pointer[i] & 0xFF);
                }
                if (address == 0) {
                    tried.add(name + " (a pointer at " + Addresses.format(symbol.st_value)
                            + " that is still 0: the guest has not mapped shared_info yet)");
                    continue;
                }
                return new Location(address, "pointer " + name + " at " + Addresses.format(symbol.st_value) + " in "
                        + elf.getFileName());
            }
            if (symbol.st_size == 0 || symbol.st_size >= SharedInfoLayout.SHARED_INFO_SIZE) {
                return new Location(symbol.st_value, "symbol " + name + " in " + elf.getFileName());
            }
            tried.add(name + " (" + symbol.st_size + " bytes: neither the page nor a pointer to it)");
        }
        throw new IOException("no shared_info in " + elf + ": tried " + String.join(", ", tried)
                + "; give the address with --shared-info");
    }

    /** A defined symbol named {@code name} from .symtab or else .dynsym. */
    public static Optional<ElfSymbol> symbol(ElfFile file, String name) throws IOException {
        try {
            for (ElfSymbolTableSection table : symbolTables(file)) {
                for (ElfSymbol symbol : table.symbols) {
                    if (symbol.st_shndx != 0 && name.equals(symbol.getName())) {
                        return Optional.of(symbol);
                    }
                }
            }
            return Optional.empty();
        } catch (ElfException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException("cannot read the symbols of the ELF file: " + e.getMessage(), e);
        }
    }

    private static List<ElfSymbolTableSection> symbolTables(ElfFile file) {
        List<ElfSymbolTableSection> tables = new ArrayList<>();
        ElfSymbolTableSection symtab = file.getSymbolTableSection();
        if (symtab != null) {
            tables.add(symtab);
        }
        ElfSymbolTableSection dynsym = file.getDynamicSymbolTableSection();
        if (dynsym != null) {
            tables.add(dynsym);
        }
        return tables;
    }
}
