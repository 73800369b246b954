package org.xenguest.dsl.check;

/**
 * One problem found in a model file, located for humans (1-based line and column) and tools
 * (0-based offset and length).
 *
 * @param file the file as the user named it
 * @param severity "error", "warning" or "info"
 * @param code the stable diagnostic code (XG101 ...), never null
 */
public record ModelDiagnostic(String file, int line, int column, int offset, int length, String severity,
        String code, String message) {

    public boolean isError() {
        return "error".equals(severity);
    }

    /** The GCC form editors and CI logs understand: {@code FILE:LINE:COL: error: MESSAGE [CODE]}. */
    public String toGccForm() {
        return file + ":" + line + ":" + column + ": " + severity + ": " + message + " [" + code + "]";
    }
}
