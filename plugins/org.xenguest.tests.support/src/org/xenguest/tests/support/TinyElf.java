package org.xenguest.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ELF64 (x86-64, little-endian) files for tests: PT_LOAD segments with contents
 * (a core file) and/or a symbol table (a guest image).
 */
public final class TinyElf {

    private record Load(long vaddr, long paddr, byte[] data, long memsz) {
    }

    private record Symbol(String name, long value, long size) {
    }

    private final List<Load> loads = new ArrayList<>();
    private final List<Symbol> symbols = new ArrayList<>();
    private short type = 2; // ET_EXEC

    public static TinyElf core() {
        TinyElf elf = new TinyElf();
        elf.type = 4; // ET_CORE
        return elf;
    }

    public static TinyElf executable() {
        return new TinyElf();
    }

    public TinyElf load(long vaddr, long paddr, byte[] data, long memsz) {
        loads.add(new Load(vaddr, paddr, data.clone(), memsz));
        return this;
    }

    /** A defined global object symbol (absolute section index). */
    public TinyElf symbol(String name, long value, long size) {
        symbols.add(new Symbol(name, value, size));
        return this;
    }

    public Path write(Path file) {
        try {
            Files.write(file, bytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] bytes() {
        int phoff = 64;
        int offset = phoff + 56 * loads.size();
        List<Integer> dataOffsets = new ArrayList<>();
        for (Load load : loads) {
            dataOffsets.add(offset);
            offset += load.data.length;
        }
        // string tables and symbols
        ByteBuffer strtab = ByteBuffer.allocate(4096);
        strtab.put((byte) 0);
        List<Integer> nameOffsets = new ArrayList<>();
        for (Symbol symbol : symbols) {
            nameOffsets.add(strtab.position());
            strtab.put(symbol.name.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
        }
        byte[] strtabBytes = java.util.Arrays.copyOf(strtab.array(), strtab.position());
        ByteBuffer symtab = ByteBuffer.allocate(24 * (symbols.size() + 1)).order(ByteOrder.LITTLE_ENDIAN);
        symtab.put(new byte[24]); // the null symbol
        for (int i = 0; i < symbols.size(); i++) {
            Symbol symbol = symbols.get(i);
            symtab.putInt(nameOffsets.get(i));
            symtab.put((byte) (1 << 4 | 1)); // STB_GLOBAL, STT_OBJECT
            symtab.put((byte) 0);
            symtab.putShort((short) 0xfff1); // SHN_ABS
            symtab.putLong(symbol.value);
            symtab.putLong(symbol.size);
        }
        byte[] symtabBytes = symtab.array();
        byte[] shstrtab = "\0.symtab\0.strtab\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
        boolean withSections = !symbols.isEmpty();
        int symtabOffset = offset;
        int strtabOffset = symtabOffset + symtabBytes.length;
        int shstrtabOffset = strtabOffset + strtabBytes.length;
        int shoff = align(shstrtabOffset + shstrtab.length, 8);
        int sections = withSections ? 4 : 0;
        int total = withSections ? shoff + 64 * sections : offset;

        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        out.put(new byte[8]);
        out.putShort(type);
        out.putShort((short) 62); // EM_X86_64
        out.putInt(1);
        out.putLong(0); // entry
        out.putLong(loads.isEmpty() ? 0 : phoff);
        out.putLong(withSections ? shoff : 0);
        out.putInt(0); // flags
        out.putShort((short) 64);
        out.putShort((short) 56);
        out.putShort((short) loads.size());
        out.putShort((short) 64);
        out.putShort((short) sections);
        out.putShort((short) (withSections ? 3 : 0));
        for (int i = 0; i < loads.size(); i++) {
            Load load = loads.get(i);
            out.position(phoff + 56 * i);
            out.putInt(1); // PT_LOAD
            out.putInt(6); // RW
            out.putLong(dataOffsets.get(i));
            out.putLong(load.vaddr);
            out.putLong(load.paddr);
            out.putLong(load.data.length);
            out.putLong(load.memsz);
            out.putLong(1);
            out.position(dataOffsets.get(i));
            out.put(load.data);
        }
        if (withSections) {
            out.position(symtabOffset);
            out.put(symtabBytes);
            out.put(strtabBytes);
            out.put(shstrtab);
            out.position(shoff);
            out.put(new byte[64]); // SHT_NULL
            section(out, 1, 2, symtabOffset, symtabBytes.length, 2, 1, 8, 24); // .symtab, link .strtab
            section(out, 9, 3, strtabOffset, strtabBytes.length, 0, 0, 1, 0); // .strtab
            section(out, 17, 3, shstrtabOffset, shstrtab.length, 0, 0, 1, 0); // .shstrtab
        }
        return out.array();
    }

    private static void section(ByteBuffer out, int name, int type, long offset, long size, int link, int info,
            long align, long entsize) {
        out.putInt(name);
        out.putInt(type);
        out.putLong(0); // flags
        out.putLong(0); // addr
        out.putLong(offset);
        out.putLong(size);
        out.putInt(link);
        out.putInt(info);
        out.putLong(align);
        out.putLong(entsize);
    }

    private static int align(int value, int to) {
        return (value + to - 1) / to * to;
    }
}
