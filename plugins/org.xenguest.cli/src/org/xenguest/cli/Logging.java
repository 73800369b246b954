package org.xenguest.cli;

import org.apache.log4j.Level;
import org.apache.log4j.Logger;

/** Xtext logs through log4j; on the command line its messages would only be noise. */
final class Logging {

    private Logging() {}

    static void quietLibraries() {
        Logger.getRootLogger().setLevel(Level.OFF);
    }
}
