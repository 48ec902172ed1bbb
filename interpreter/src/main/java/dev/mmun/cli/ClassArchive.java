package dev.mmun.cli;

import java.io.File;

/**
 * Which JVM a class archive was made for, so that the installed launcher (dist's bin/mmun) can tell
 * when the archive in its cache has gone stale. The JVM checks an archive itself and, when it was
 * made by another JVM, starts without it and says nothing (the launcher turns its warnings off):
 * the start is only slower, on every start after an upgrade of the JDK. So the archive's maker
 * records the id of the JVM that verified it, the launcher hands that id back with
 * {@code -Dmmun.archive.id} (and the archive's path without its extension with
 * {@code -Dmmun.archive}), and a start whose JVM has another id deletes the archive: the next start
 * makes a new one. Two property reads on every start; nothing else.
 *
 * <p>usage: {@code java [archive options] -cp mmun.jar dev.mmun.cli.ClassArchive} prints this JVM's id.
 */
public final class ClassArchive {
    /** what an archive can be, next to its id file */
    private static final String[] KINDS = {".jsa", ".aot", ".id"};

    private ClassArchive() {
    }

    public static void main(String[] args) {
        System.out.println(id());
    }

    /** This JVM: its build and its home. The JVM refuses an archive made by another build. */
    static String id() {
        return System.getProperty("java.vm.version") + " " + System.getProperty("java.home");
    }

    /**
     * Deletes the archive the launcher started this JVM with when it was made for another JVM.
     * Returns whether it did. Without the launcher's properties, nothing.
     */
    static boolean dropIfStale() {
        String made = System.getProperty("mmun.archive.id");
        String base = System.getProperty("mmun.archive");
        if (made == null || base == null || made.equals(id())) {
            return false;
        }
        for (String kind : KINDS) {
            // a file that is gone already is as good: another start dropped it, or is making it again
            new File(base + kind).delete();
        }
        return true;
    }
}
