package dev.mmun.cli;

/**
 * Ctrl-C during {@code check}, {@code run} and {@code test}. The JVM's default is to exit at once,
 * which loses an hour of search; instead the first SIGINT interrupts the thread doing the work,
 * which stops between chunks of states (or steps, or files) and hands back what it found, and the
 * command prints its report and exits {@link #EXIT}. A second Ctrl-C exits at once.
 *
 * <p>The handler is the process's, so it is installed for one command and put back after; where
 * the JVM offers no signal API (sun.misc.Signal), Ctrl-C keeps its default.
 */
final class Interrupt implements AutoCloseable {
    /** The shells' convention for a command stopped by SIGINT: 128 + 2. */
    static final int EXIT = 130;

    private final Thread target;
    private final Object previous;
    private volatile boolean fired;

    private Interrupt(Thread target, boolean install) {
        this.target = target;
        Object prev = null;
        if (install) {
            try {
                prev = sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> fire());
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                prev = null;
            }
        }
        this.previous = prev;
    }

    /** Routes Ctrl-C to the calling thread until {@link #close}. */
    static Interrupt onThisThread() {
        return new Interrupt(Thread.currentThread(), !"false".equals(System.getProperty("mmun.sigint")));
    }

    /** What Ctrl-C does; tests call it directly. */
    void fire() {
        if (fired) {
            Runtime.getRuntime().halt(EXIT);
        }
        fired = true;
        target.interrupt();
    }

    boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        if (previous instanceof sun.misc.SignalHandler h) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), h);
            } catch (IllegalArgumentException e) {
                // the default stays in place: nothing to put back
            }
        }
        // the interrupt was for the work, not for whatever the thread does next
        Thread.interrupted();
    }
}
